package org.aegisml.api.artifact;

import java.io.IOException;

/** Thrown by {@link ArtifactStore#stage} when the content exceeds the allowed size; nothing is stored. */
public class ArtifactTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    public ArtifactTooLargeException(long limit) {
        super("artifact larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
