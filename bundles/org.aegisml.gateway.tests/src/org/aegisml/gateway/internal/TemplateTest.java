package org.aegisml.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.ValidationException;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.VersionRef;
import org.junit.jupiter.api.Test;

class TemplateTest {
    static Template t(String template, Map<String, Object> params) {
        return new Template(new VersionRef(AssetType.PROMPT, "p", 3),
                new PromptVersionSpec(null, template, List.of(), "m", params, null), GatewayService.JSON);
    }

    @Test
    void rendersPlaceholdersWithOrWithoutSpaces() {
        Template tpl = t("Hello {{name}}, you are {{ age }} ({{name}}). {{not a var}} {x}", Map.of());
        assertEquals(Set.of("name", "age"), tpl.required);
        assertEquals("Hello Ada, you are 36 (Ada). {{not a var}} {x}", tpl.render(Map.of("name", "Ada", "age", "36")));
        assertEquals("{{name}} stays", t("{{v}} stays", Map.of()).render(Map.of("v", "{{name}}")), "values are not rendered again");
    }

    @Test
    void missingVariablesAreNamed() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> t("{{a}} {{b}} {{c}} {{a}}", Map.of()).render(Map.of("b", "x")));
        assertEquals("variables", e.field());
        assertEquals(true, e.getMessage().contains("variables a, c;"), e.getMessage());
        assertEquals(true, e.getMessage().contains("prompts/p/3"), e.getMessage());
    }

    @Test
    void constantTemplatesAndParameters() {
        Template tpl = t("You are a helpful assistant.", Map.of("temperature", 0.2, "max_tokens", 64));
        assertEquals("You are a helpful assistant.", tpl.render(Map.of()));
        assertEquals(0.2, tpl.parameters.get("temperature").asDouble());
        assertEquals(64, tpl.parameters.get("max_tokens").asInt());
    }
}
