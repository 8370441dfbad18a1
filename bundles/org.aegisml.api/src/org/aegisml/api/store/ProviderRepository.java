package org.aegisml.api.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.cost.CostLine;
import org.aegisml.api.provider.AutoscalingPolicy;
import org.osgi.annotation.versioning.ProviderType;

/** Provider cost lines (the cost ledger's infrastructure half) and autoscaling policies. */
@ProviderType
public interface ProviderRepository {

    /** Replaces every line {@code source} held for days in {@code [from, to)} with {@code lines}. */
    void replaceCosts(String source, LocalDate from, LocalDate to, List<CostLine> lines, Instant syncedAt);

    /** A stored cost line and the source that reported it. */
    record SourcedLine(String source, CostLine line) {
    }

    /** Lines for days in {@code [from, to)}, optionally of one project or one model, by day. */
    List<SourcedLine> costs(LocalDate from, LocalDate to, String project, String model);

    void putPolicy(AutoscalingPolicy policy, String actor, Instant at);

    Optional<AutoscalingPolicy> policy(String deployment);

    List<AutoscalingPolicy> policies();

    boolean deletePolicy(String deployment);
}
