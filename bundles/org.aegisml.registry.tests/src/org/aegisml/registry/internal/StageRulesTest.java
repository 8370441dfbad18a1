package org.aegisml.registry.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.aegisml.api.ConflictException;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.StageChange;
import org.aegisml.api.registry.VersionRef;
import org.junit.jupiter.api.Test;

class StageRulesTest {
    private static final VersionRef V = new VersionRef(AssetType.MODEL, "m", 1);

    private static List<StageChange> history(Stage... path) {
        List<StageChange> out = new java.util.ArrayList<>();
        Stage from = Stage.NONE;
        for (Stage to : path) {
            out.add(new StageChange(V, from, to, "t", null, Instant.EPOCH));
            from = to;
        }
        return out;
    }

    @Test
    void productionRequiresStaging() {
        ConflictException e = assertThrows(ConflictException.class,
                () -> StageRules.check(Stage.NONE, Stage.PRODUCTION, List.of()));
        assertTrue(e.getMessage().contains("staging"));
        assertDoesNotThrow(() -> StageRules.check(Stage.STAGING, Stage.PRODUCTION, history(Stage.STAGING)));
    }

    @Test
    void archivedVersionThatWasStagedMayReturnToProduction() {
        assertDoesNotThrow(() -> StageRules.check(Stage.ARCHIVED, Stage.PRODUCTION,
                history(Stage.STAGING, Stage.PRODUCTION, Stage.ARCHIVED)));
        assertThrows(ConflictException.class, () -> StageRules.check(Stage.ARCHIVED, Stage.PRODUCTION,
                history(Stage.ARCHIVED)));
    }

    @Test
    void noGoingBackToNoneAndNoNoOps() {
        assertThrows(ConflictException.class, () -> StageRules.check(Stage.STAGING, Stage.NONE, history(Stage.STAGING)));
        assertThrows(ConflictException.class, () -> StageRules.check(Stage.STAGING, Stage.STAGING, history(Stage.STAGING)));
    }

    @Test
    void stagingAndArchiveAreAlwaysReachable() {
        for (Stage from : List.of(Stage.NONE, Stage.PRODUCTION, Stage.ARCHIVED)) {
            assertDoesNotThrow(() -> StageRules.check(from, Stage.STAGING, List.of()));
        }
        for (Stage from : List.of(Stage.NONE, Stage.STAGING, Stage.PRODUCTION)) {
            assertDoesNotThrow(() -> StageRules.check(from, Stage.ARCHIVED, List.of()));
        }
    }
}
