package org.aegisml.provider.kubernetes.internal;

import java.util.List;

import org.aegisml.api.AegisException;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.PatchUtils;

/**
 * The few calls the host makes, each with its failures already mapped ({@link Failures}) and the
 * answers that are not failures for it turned into values: a read that finds nothing is null, a
 * create that finds the object there is null, a delete of nothing is false. Replicas change by a
 * JSON merge patch on the Deployment, which every API server (and the fabric8 mock) accepts,
 * rather than through the /scale subresource or a strategic merge patch.
 */
final class ClusterApi {
    private final Cluster cluster;

    ClusterApi(Cluster cluster) {
        this.cluster = cluster;
    }

    List<V1Deployment> deployments(String ns, String selector) {
        return call("list Deployments " + selector + " in namespace " + ns,
                () -> apps().listNamespacedDeployment(ns).labelSelector(selector).execute().getItems());
    }

    /** The namespace of some Deployment matching {@code selector} anywhere; null when none, or when we may not look. */
    String namespaceOf(String selector) {
        try {
            List<V1Deployment> d = apps().listDeploymentForAllNamespaces().labelSelector(selector).limit(1).execute()
                    .getItems();
            return d.isEmpty() ? null : d.get(0).getMetadata().getNamespace();
        } catch (ApiException e) {
            if (e.getCode() == 403) return null;
            throw Failures.of(e, "list Deployments " + selector + " in all namespaces");
        } catch (RuntimeException e) {
            throw mapped(e, "list Deployments " + selector + " in all namespaces");
        }
    }

    V1Deployment deployment(String ns, String name) {
        return tolerating(404, "read Deployment " + name + " in namespace " + ns,
                () -> apps().readNamespacedDeployment(name, ns).execute());
    }

    /** Null when a Deployment of that name is already there. */
    V1Deployment create(String ns, V1Deployment d) {
        return tolerating(409, "create Deployment " + d.getMetadata().getName() + " in namespace " + ns,
                () -> apps().createNamespacedDeployment(ns, d).execute());
    }

    void replace(String ns, V1Deployment d) {
        String name = d.getMetadata().getName();
        call("replace Deployment " + name + " in namespace " + ns,
                () -> apps().replaceNamespacedDeployment(name, ns, d).execute());
    }

    void mergePatch(String ns, String name, String patch) {
        call("patch Deployment " + name + " in namespace " + ns, () -> PatchUtils.patch(V1Deployment.class,
                () -> apps().patchNamespacedDeployment(name, ns, new V1Patch(patch)).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, cluster.api()));
    }

    boolean deleteDeployment(String ns, String name) {
        return tolerating(404, "delete Deployment " + name + " in namespace " + ns,
                () -> apps().deleteNamespacedDeployment(name, ns).execute()) != null;
    }

    V1Service service(String ns, String name) {
        return tolerating(404, "read Service " + name + " in namespace " + ns,
                () -> core().readNamespacedService(name, ns).execute());
    }

    /** Null when a Service of that name is already there. */
    V1Service create(String ns, V1Service s) {
        return tolerating(409, "create Service " + s.getMetadata().getName() + " in namespace " + ns,
                () -> core().createNamespacedService(ns, s).execute());
    }

    boolean deleteService(String ns, String name) {
        return tolerating(404, "delete Service " + name + " in namespace " + ns,
                () -> core().deleteNamespacedService(name, ns).execute()) != null;
    }

    /** The namespace's Events; none when the credentials may run Deployments but not read Events. */
    List<CoreV1Event> events(String ns) {
        List<CoreV1Event> e = tolerating(403, "list Events in namespace " + ns,
                () -> core().listNamespacedEvent(ns).execute().getItems());
        return e == null ? List.of() : e;
    }

    private AppsV1Api apps() {
        return new AppsV1Api(cluster.api());
    }

    private CoreV1Api core() {
        return new CoreV1Api(cluster.api());
    }

    @FunctionalInterface
    private interface KubeCall<T> {
        T run() throws ApiException;
    }

    private static <T> T call(String what, KubeCall<T> c) {
        return tolerating(-1, what, c);
    }

    /** Null when the server answers {@code status}. */
    private static <T> T tolerating(int status, String what, KubeCall<T> c) {
        try {
            return c.run();
        } catch (ApiException e) {
            if (e.getCode() == status) return null;
            throw Failures.of(e, what);
        } catch (RuntimeException e) {
            throw mapped(e, what);
        }
    }

    private static AegisException mapped(RuntimeException e, String what) {
        return e instanceof AegisException a ? a : Failures.unreadable(e, what);
    }
}
