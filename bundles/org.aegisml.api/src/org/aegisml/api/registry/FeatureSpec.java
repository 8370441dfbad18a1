package org.aegisml.api.registry;

/**
 * One column of a model's input signature or of a dataset's schema. {@code type} is one of
 * {@code number}, {@code integer}, {@code string}, {@code boolean}, {@code array}, {@code object}.
 */
public record FeatureSpec(String name, String type) {
}
