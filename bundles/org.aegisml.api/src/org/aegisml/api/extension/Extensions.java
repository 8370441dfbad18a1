package org.aegisml.api.extension;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The extension services registered now and the plugin directory's bundles. */
@ProviderType
public interface Extensions {

    /** Every service of a known extension point, by type then name. */
    List<Extension> extensions();

    /** Every file in the plugins directory, by file name; empty when no directory is watched. */
    List<Plugin> plugins();
}
