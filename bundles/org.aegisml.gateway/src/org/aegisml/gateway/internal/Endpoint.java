package org.aegisml.gateway.internal;

import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.registry.AssetType;

/**
 * A deployment as the hot path needs it, worked out once per revision: both sides with the
 * strings their answers and events carry, the routing, the parsed sticky key and the salt of
 * its hash (the rollout, so each experiment splits users afresh).
 */
record Endpoint(String name, String project, String rollout, Routing routing, Capture capture, Side stable,
        Side candidate, StickyKey sticky, String salt, long revision) {

    /** One side of an endpoint: the target, its version as text, the model its events count for, its backend. */
    record Side(Target target, String version, String model, Integer modelVersion, String promptVersion, Backend backend) {
        static Side of(Target t) {
            if (t == null) return null;
            String model = null;
            Integer modelVersion = null;
            if (t.model() != null) {
                model = t.model().name();
                modelVersion = t.model().version();
            } else if (t.version().type() == AssetType.MODEL) {
                model = t.version().name();
                modelVersion = t.version().version();
            }
            return new Side(t, t.version().toString(), model, modelVersion, t.isPrompt() ? t.version().toString() : null,
                    t.backend());
        }

        boolean prompt() {
            return promptVersion != null;
        }
    }

    static Endpoint of(Deployment d) {
        Routing r = d.routing() == null ? Routing.STABLE_ONLY : d.routing();
        Side candidate = Side.of(d.candidate());
        return new Endpoint(d.name(), d.project(), d.rollout(), r, d.capture() == null ? Capture.DEFAULT : d.capture(),
                Side.of(d.stable()), candidate, StickyKey.parse(r.stickyKey()),
                d.rollout() == null ? d.name() : d.rollout(), d.revision());
    }
}
