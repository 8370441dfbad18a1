package org.aegisml.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The server's properties file turned into provider configurations. */
class ConfigLoaderTest {

    @Test
    void providerKeysBecomeTheProvidersPids() {
        var pids = ConfigLoader.providerPids(Map.of("provider.aws.region", "eu-west-1", "provider.aws.s3.bucket", "models",
                "provider.aws.s3.service.ranking", "100", "provider.gcp.project", "p1", "port", "8080"));
        assertEquals(java.util.Set.of("org.aegisml.provider.aws", "org.aegisml.provider.aws.s3", "org.aegisml.provider.gcp"),
                pids.keySet());
        assertEquals("eu-west-1", pids.get("org.aegisml.provider.aws").get("region"));
        assertEquals("models", pids.get("org.aegisml.provider.aws.s3").get("bucket"));
        assertEquals(100, pids.get("org.aegisml.provider.aws.s3").get("service.ranking"), "a ranking is an Integer");
        assertEquals("p1", pids.get("org.aegisml.provider.gcp").get("project"));
        assertEquals("true", pids.get("org.aegisml.provider.gcp").get(ConfigLoader.FROM_FILE),
                "marked, so that a key removed from the file removes its configuration");
    }

    @Test
    void malformedProviderKeysAreRefusedNamingTheKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.providerPids(Map.of("provider.aws", "x")));
        assertTrue(e.getMessage().contains("provider.aws"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.providerPids(Map.of("provider.aws.s3.service.ranking", "high")));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }

    @Test
    void environmentOverridesAProviderKeyOfTheFile() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("aegisml", ".properties");
        try {
            java.nio.file.Files.writeString(f, "provider.aws.region=eu-west-1\n");
            var values = ConfigLoader.resolve(f, Map.of("AEGISML_PROVIDER_AWS_REGION", "us-east-2"));
            assertEquals("us-east-2", ConfigLoader.providerPids(values).get("org.aegisml.provider.aws").get("region"));
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
