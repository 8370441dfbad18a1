package org.aegisml.provider.kubernetes.internal;

import java.time.Instant;

import org.aegisml.api.provider.Provider;
import org.aegisml.api.provider.ProviderHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;

/**
 * The Kubernetes provider's presence. Health is NOT_CONFIGURED when the standard chain finds no
 * kubeconfig or service account; otherwise it lists at most one Deployment in the namespace,
 * the cheapest call that proves both reachability and the credentials' right to read it.
 */
@Component(service = Provider.class, configurationPid = KubernetesConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = Provider.PROPERTY + "=" + KubernetesProvider.NAME)
public final class KubernetesProvider implements Provider {
    static final String NAME = "kubernetes";

    private final Cluster cluster;

    @Activate
    public KubernetesProvider(KubernetesConfig config) {
        this.cluster = Cluster.connect(config);
    }

    @Deactivate
    void close() {
        cluster.close();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Kubernetes";
    }

    @Override
    public ProviderHealth health() {
        try {
            if (cluster.problem() != null) return new ProviderHealth(cluster.problem(), cluster.problemDetail(), Instant.now());
            new AppsV1Api(cluster.probe()).listNamespacedDeployment(cluster.namespace()).limit(1).execute();
            return new ProviderHealth(ProviderHealth.Status.OK, "listed Deployments in " + cluster.describe(), Instant.now());
        } catch (ApiException e) {
            return new ProviderHealth(ProviderHealth.Status.UNREACHABLE,
                    Failures.of(e, "list Deployments in " + cluster.describe()).getMessage(), Instant.now());
        } catch (RuntimeException e) {
            return new ProviderHealth(ProviderHealth.Status.UNREACHABLE,
                    "cannot list Deployments in " + cluster.describe() + ": " + e.getClass().getSimpleName(), Instant.now());
        }
    }
}
