package org.aegisml.api.provider;

import java.util.List;

/**
 * An installed provider as {@code GET /api/v1/providers} lists it: its name and title, the bundle
 * it came from, what it offers ({@code model-host:sagemaker}, {@code cost-source},
 * {@code artifact-store:s3}, {@code metrics-source}), and its health.
 */
public record ProviderInfo(String name, String title, String bundle, String bundleVersion, List<String> capabilities,
        ProviderHealth health) {

    public ProviderInfo {
        capabilities = List.copyOf(capabilities);
    }
}
