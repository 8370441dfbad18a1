package org.aegisml.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.aegisml.api.ValidationException;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.FeatureSpec;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.VersionRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {
    @ParameterizedTest
    @ValueSource(strings = { "churn", "churn-v2", "a", "A.b_c-1", "9lives" })
    void goodNames(String name) {
        assertEquals(name, Validation.name("name", name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "-x", ".hidden", "a/b", "a b", "ümlaut", "x?y" })
    void badNames(String name) {
        ValidationException e = assertThrows(ValidationException.class, () -> Validation.name("name", name));
        assertEquals("name", e.field());
    }

    @Test
    void longNamesAreRefused() {
        assertThrows(ValidationException.class, () -> Validation.name("name", "a".repeat(201)));
        Validation.name("name", "a".repeat(200));
    }

    @Test
    void aliases() {
        Validation.alias("production");
        Validation.alias("champion_2");
        for (String bad : List.of("Prod", "1st", "latest", "", "a b")) {
            assertThrows(ValidationException.class, () -> Validation.alias(bad), bad);
        }
    }

    @Test
    void tags() {
        Validation.tags("tags", Map.of("team", "risk"));
        assertThrows(ValidationException.class, () -> Validation.tags("tags", Map.of("a=b", "x")));
        assertThrows(ValidationException.class, () -> Validation.tags("tags", Map.of("k", "v".repeat(1001))));
    }

    @Test
    void modelMetricsMustBeFiniteAndSignatureTyped() {
        assertThrows(ValidationException.class, () -> Validation.model(new ModelVersionSpec(null, null, null, null,
                Map.of("auc", Double.NaN), null, null)));
        ValidationException e = assertThrows(ValidationException.class, () -> Validation.model(new ModelVersionSpec(null,
                null, null, null, null, null, List.of(new FeatureSpec("age", "int")))));
        assertEquals("signature", e.field());
        assertThrows(ValidationException.class, () -> Validation.model(new ModelVersionSpec(null, null, null, null, null,
                null, List.of(new FeatureSpec("a", "number"), new FeatureSpec("a", "string")))));
    }

    @Test
    void promptVariablesComeFromTheTemplate() {
        PromptVersionSpec p = Validation.prompt(new PromptVersionSpec(null, "Hi {{ name }}, about {{topic}}: {{name}}",
                null, null, null, null));
        assertEquals(List.of("name", "topic"), p.variables());
        Validation.prompt(new PromptVersionSpec(null, "{{a}} {{b}}", List.of("b", "a"), null, null, null));
        ValidationException e = assertThrows(ValidationException.class, () -> Validation.prompt(
                new PromptVersionSpec(null, "{{a}}", List.of("a", "b"), null, null, null)));
        assertEquals("variables", e.field());
        assertThrows(ValidationException.class,
                () -> Validation.prompt(new PromptVersionSpec(null, " ", null, null, null, null)));
    }

    @Test
    void lineageRelationsJoinTheRightTypes() {
        VersionRef d = new VersionRef(AssetType.DATASET, "d", 1);
        VersionRef m = new VersionRef(AssetType.MODEL, "m", 1);
        VersionRef p = new VersionRef(AssetType.PROMPT, "p", 1);
        RegistryService.checkRelation(d, m, LineageRelation.TRAINED_ON);
        RegistryService.checkRelation(d, p, LineageRelation.EVALUATED_ON);
        RegistryService.checkRelation(m, p, LineageRelation.USES);
        RegistryService.checkRelation(m, new VersionRef(AssetType.MODEL, "m", 2), LineageRelation.PARENT_OF);
        RegistryService.checkRelation(d, new VersionRef(AssetType.DATASET, "d", 2), LineageRelation.DERIVED_FROM);
        assertThrows(ValidationException.class, () -> RegistryService.checkRelation(m, d, LineageRelation.TRAINED_ON));
        assertThrows(ValidationException.class, () -> RegistryService.checkRelation(p, m, LineageRelation.USES));
        assertThrows(ValidationException.class, () -> RegistryService.checkRelation(m, p, LineageRelation.PARENT_OF));
    }
}
