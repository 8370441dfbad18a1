package org.aegisml.api.policy;

import java.time.Instant;

/**
 * One saved version of a policy: the source exactly as sent ({@code format} yaml or json),
 * the document parsed from it, and whether it is in force. Saving a policy adds a version;
 * only the latest version of an enabled policy decides.
 */
public record Policy(String name, int version, boolean enabled, String format, String source, PolicyDocument document,
        Instant createdAt, String createdBy) {
}
