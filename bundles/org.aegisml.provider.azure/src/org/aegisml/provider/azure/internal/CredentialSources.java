package org.aegisml.provider.azure.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.azure.core.util.Configuration;

/**
 * Which of {@code DefaultAzureCredential}'s sources are present here, found without a network
 * call: the environment variables each credential reads, an Azure VM's instance metadata (its
 * DMI asset tag) for managed identity, the CLIs on the PATH. Health answers NOT_CONFIGURED at
 * once when there is none, instead of waiting for each credential to fail (a managed identity
 * probe off Azure can take seconds, or meet a proxy that answers for the metadata address).
 */
final class CredentialSources {
    /** The chassis asset tag Azure sets on its virtual machines (read by cloud-init and the Azure agents). */
    static final String AZURE_ASSET_TAG = "7783-7084-3265-9085-8269-3286-77";

    private CredentialSources() {
    }

    /** Names (never values) of the sources found. */
    static List<String> found(Configuration env) {
        List<String> s = new ArrayList<>();
        boolean app = has(env, "AZURE_CLIENT_ID") && has(env, "AZURE_TENANT_ID");
        if (app && (has(env, "AZURE_CLIENT_SECRET") || has(env, "AZURE_CLIENT_CERTIFICATE_PATH"))) s.add("environment");
        else if (has(env, "AZURE_CLIENT_ID") && has(env, "AZURE_USERNAME") && has(env, "AZURE_PASSWORD")) s.add("environment");
        if (has(env, "AZURE_FEDERATED_TOKEN_FILE")) s.add("workload identity");
        if (has(env, "IDENTITY_ENDPOINT") || has(env, "MSI_ENDPOINT")) s.add("managed identity");
        else if (azureVm()) s.add("managed identity (Azure VM)");
        if (onPath("az")) s.add("Azure CLI");
        if (onPath("pwsh")) s.add("Azure PowerShell");
        if (onPath("azd")) s.add("Azure Developer CLI");
        return s;
    }

    private static boolean has(Configuration env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    private static boolean azureVm() {
        try {
            Path tag = Path.of("/sys/class/dmi/id/chassis_asset_tag");
            return Files.isReadable(tag) && Files.readString(tag).strip().equals(AZURE_ASSET_TAG);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }
}
