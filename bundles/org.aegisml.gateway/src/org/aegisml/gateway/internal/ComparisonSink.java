package org.aegisml.gateway.internal;

import java.util.List;

import org.aegisml.api.deployment.ShadowComparison;

/** Where shadow comparisons are written, one batch at a time, off the request path. */
@FunctionalInterface
interface ComparisonSink {
    void insert(List<ShadowComparison> batch);
}
