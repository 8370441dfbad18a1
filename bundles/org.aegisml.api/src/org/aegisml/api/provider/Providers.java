package org.aegisml.api.provider;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The installed providers and their capabilities, as they are now (bundles come and go at runtime). */
@ProviderType
public interface Providers {

    /** Every installed provider, by name, with its health checked now (in parallel, bounded in time). */
    List<ProviderInfo> list();

    Optional<ProviderInfo> find(String name);

    /** The model host serving backends of {@code type}, or empty when no installed provider offers it. */
    Optional<ModelHost> host(String type);

    /** The metrics source for endpoints of host type {@code type}, or empty. */
    Optional<MetricsSource> metrics(String type);
}
