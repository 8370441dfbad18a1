package org.aegisml.provider.azure.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.junit.jupiter.api.Test;

/** Deployment names within Azure ML's rules, distinct per model and version. */
class NamesTest {
    static final Pattern RULE = Pattern.compile("[a-z][a-z0-9-]{0,30}[a-z0-9]");

    static String name(String model, int version) {
        String n = Names.deployment(new VersionRef(AssetType.MODEL, model, version));
        assertTrue(RULE.matcher(n).matches() && n.length() <= 32, n);
        return n;
    }

    @Test
    void aPlainNameStaysReadable() {
        assertEquals("churn-v3", name("churn", 3));
        assertEquals("fraud-detector-v12", name("fraud-detector", 12));
    }

    @Test
    void otherCharactersLengthAndLeadingDigitsAreCleanedAndHashed() {
        String a = name("Churn_Model", 1);
        String b = name("churn-model", 1);
        assertNotEquals(a, b, "cleaning must not make two models share a name");
        assertTrue(a.startsWith("churn-model-"), a);
        String longName = name("a-very-long-model-name-that-goes-past-the-limit", 123);
        assertTrue(longName.endsWith("-v123"), longName);
        assertNotEquals(longName, name("a-very-long-model-name-that-goes-past-the-limit-too", 123));
        assertTrue(name("2025-forecast", 1).startsWith("m-2025-forecast-"));
    }

    @Test
    void endpointNamesFollowTheRule() {
        assertTrue(Names.validEndpoint("churn-prod"));
        assertFalse(Names.validEndpoint("ab"));
        assertFalse(Names.validEndpoint("9churn"));
        assertFalse(Names.validEndpoint("churn-"));
        assertFalse(Names.validEndpoint("churn_prod"));
        assertFalse(Names.validEndpoint("a".repeat(33)));
    }
}
