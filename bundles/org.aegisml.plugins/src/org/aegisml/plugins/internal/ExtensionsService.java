package org.aegisml.plugins.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.aegisml.api.extension.Extension;
import org.aegisml.api.extension.Extensions;
import org.aegisml.api.extension.Plugin;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Lists every service of the known extension points as the framework has them now, so what a
 * plugin added (or took away when it was removed) shows at once. Types are named, not imported,
 * so listing a point needs no dependency on the bundle that consumes it (the console's View is
 * listed where a console runs).
 */
@Component(service = Extensions.class)
public final class ExtensionsService implements Extensions {
    static final List<String> POINTS = List.of(
            "org.aegisml.api.alerting.AlertChannel",
            "org.aegisml.api.artifact.ArtifactStore",
            "org.aegisml.api.cost.CostSource",
            "org.aegisml.api.deployment.AnalysisMetric",
            "org.aegisml.api.deployment.DeploymentListener",
            "org.aegisml.api.deployment.InferenceBackend",
            "org.aegisml.api.evaluation.Evaluator",
            "org.aegisml.api.monitoring.DriftDetector",
            "org.aegisml.api.monitoring.LlmSignalScorer",
            "org.aegisml.api.monitoring.PromptInjectionScorer",
            "org.aegisml.api.policy.PolicyContextProvider",
            "org.aegisml.api.policy.PolicyRule",
            "org.aegisml.api.provider.MetricsSource",
            "org.aegisml.api.provider.ModelHost",
            "org.aegisml.api.provider.Provider",
            "org.aegisml.api.registry.PromotionGate",
            "org.aegisml.console.View");

    private final BundleContext context;
    private final PluginDirectory directory;

    @Activate
    public ExtensionsService(BundleContext context, @Reference PluginDirectory directory) {
        this.context = context;
        this.directory = directory;
    }

    @Override
    public List<Extension> extensions() {
        List<Extension> out = new ArrayList<>();
        for (String point : POINTS) {
            ServiceReference<?>[] refs;
            try {
                // All references, whatever class space registered them: listing needs no class.
                refs = context.getAllServiceReferences(point, null);
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (refs == null) continue;
            String type = point.substring(point.lastIndexOf('.') + 1);
            for (ServiceReference<?> r : refs) {
                Bundle b = r.getBundle();
                if (b == null) continue; // unregistered while we looked
                Object component = r.getProperty("component.name");
                long id = (Long) r.getProperty(Constants.SERVICE_ID);
                out.add(new Extension(type, component != null ? component.toString() : "service " + id, id,
                        b.getSymbolicName(), b.getVersion().toString(), state(b), PluginDirectory.pluginOf(b)));
            }
        }
        out.sort(Comparator.comparing(Extension::type).thenComparing(Extension::name).thenComparingLong(Extension::serviceId));
        return out;
    }

    @Override
    public List<Plugin> plugins() {
        return directory.plugins();
    }

    static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "active";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed";
            default -> "uninstalled";
        };
    }
}
