package org.aegisml.deployment.internal;

import static org.aegisml.deployment.internal.Fixtures.APPROVER;
import static org.aegisml.deployment.internal.Fixtures.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.aegisml.api.ForbiddenException;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.PromotionDeniedException;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A promotion to production of an asset tagged approval=required waits for a second person. */
class ApprovalGateTest {

    @BeforeAll
    static void runtime() throws Exception {
        Fixtures.runtime();
    }

    @Test
    void aMoveToProductionFilesARequestAndPassesOnceAnotherApproverApproved() {
        String name = "gate-" + UUID.randomUUID().toString().substring(0, 8);
        Fixtures.registry().create(new NewAsset(AssetType.MODEL, name, ModelKind.ML, null, Map.of("approval", "required")),
                OPERATOR);
        Fixtures.registry().addVersion(AssetType.MODEL, name, new NewVersion(new ModelVersionSpec("v1", "sklearn", "pickle",
                Map.of(), Map.of("auc", 0.9), Map.of(), List.of()), "m.pkl", "application/octet-stream",
                new ByteArrayInputStream(new byte[] { 1 })), OPERATOR);
        VersionRef v = new VersionRef(AssetType.MODEL, name, 1);
        Fixtures.registry().transition(v, Stage.STAGING, "try it", OPERATOR);
        PromotionDeniedException denied = assertThrows(PromotionDeniedException.class,
                () -> Fixtures.registry().transition(v, Stage.PRODUCTION, "ship it", OPERATOR));
        assertTrue(denied.getMessage().contains("needs approval"), denied.getMessage());
        Approval request = Fixtures.approvals().list(ApprovalState.PENDING).stream()
                .filter(a -> a.subject().equals(v.toString())).findFirst().orElseThrow();
        assertEquals("stage", request.kind());
        assertEquals("olga", request.requestedByName());
        // Asking again does not file a second request.
        PromotionDeniedException again = assertThrows(PromotionDeniedException.class,
                () -> Fixtures.registry().transition(v, Stage.PRODUCTION, "ship it", OPERATOR));
        assertTrue(again.getMessage().contains(request.id()), again.getMessage());
        assertThrows(ForbiddenException.class, () -> Fixtures.approvals().approve(request.id(), "me",
                new Actor(OPERATOR.id(), OPERATOR.name(), Role.ADMIN)));

        Fixtures.approvals().approve(request.id(), "checked the metrics", APPROVER);
        assertEquals(Stage.PRODUCTION, Fixtures.registry().transition(v, Stage.PRODUCTION, "ship it", OPERATOR).to());
    }

    @Test
    void untaggedAssetsMoveWithoutApproval() {
        String name = Fixtures.model(1);
        VersionRef v = new VersionRef(AssetType.MODEL, name, 1);
        Fixtures.registry().transition(v, Stage.STAGING, "try it", OPERATOR);
        assertEquals(Stage.PRODUCTION, Fixtures.registry().transition(v, Stage.PRODUCTION, "ship it", OPERATOR).to());
    }
}
