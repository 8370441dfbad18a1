package org.aegisml.evaluation.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.aegisml.api.evaluation.RegressionResult;
import org.aegisml.api.evaluation.RegressionVerdict;
import org.aegisml.api.registry.PromotionDecision;
import org.aegisml.api.registry.PromotionGate;
import org.aegisml.api.registry.PromotionRequest;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Stops a move to {@code production} while the version's newest regression test failed and no
 * approver overrode it. A newer test supersedes an older one, so fixing and re-testing clears
 * the way. Versions never tested pass (requiring a test is a policy's decision, not this gate's).
 * <p>
 * It reads through the store, not the {@code Registry} or {@code Evaluations} services: the
 * registry binds every gate, and the evaluation service needs the registry, so going through
 * either would make a reference cycle.
 */
@Component(service = PromotionGate.class)
public final class RegressionGate implements PromotionGate {
    static final String NAME = "regression";
    private final Store store;

    @Activate
    public RegressionGate(@Reference Store store) {
        this.store = store;
    }

    @Override
    public PromotionDecision check(PromotionRequest request) {
        if (request.to() != Stage.PRODUCTION) return PromotionDecision.allow(NAME);
        List<RegressionResult> tests = store.read(tx -> tx.evaluations().regressions(request.version()));
        if (tests.isEmpty() || !tests.get(0).blocks()) return PromotionDecision.allow(NAME);
        RegressionResult t = tests.get(0);
        String failed = t.metrics().stream().filter(m -> m.verdict() == RegressionVerdict.FAIL).map(m -> m.metric())
                .collect(Collectors.joining(", "));
        return PromotionDecision.deny(NAME, "the regression test " + t.id() + " of " + t.candidate() + " against "
                + t.baseline() + " failed on " + failed + "; an approver other than " + t.createdByName()
                + " may override it with a reason");
    }
}
