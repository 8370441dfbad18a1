package org.aegisml.api.extension;

/**
 * One registered extension service: its extension point ({@code type}, the interface's simple
 * name, e.g. {@code DriftDetector}), {@code name} (the component's name, else the service id),
 * the bundle that registered it, its version and state, and the plugin file it came from (null
 * for built-in bundles).
 */
public record Extension(String type, String name, long serviceId, String bundle, String bundleVersion, String bundleState,
        String plugin) {
}
