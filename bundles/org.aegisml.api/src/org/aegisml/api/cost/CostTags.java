package org.aegisml.api.cost;

/**
 * The cost-allocation tags (AWS, Azure) or labels (GCP, Kubernetes) a {@link org.aegisml.api.provider.ModelHost}
 * puts on everything it creates and a {@link CostSource} groups by. Providers whose labels do not
 * allow {@code :} use {@link #label(String)}: {@code aegisml-project} and so on.
 */
public final class CostTags {
    public static final String PROJECT = "aegisml:project";
    public static final String MODEL = "aegisml:model";
    public static final String VERSION = "aegisml:version";
    public static final String ENDPOINT = "aegisml:endpoint";

    private CostTags() {
    }

    /** The label form of a tag for providers that allow only {@code [a-z0-9_-]} in keys. */
    public static String label(String tag) {
        return tag.replace(':', '-');
    }
}
