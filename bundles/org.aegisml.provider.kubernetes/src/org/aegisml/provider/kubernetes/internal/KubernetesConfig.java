package org.aegisml.provider.kubernetes.internal;

/**
 * Configuration PID {@value #PID}: non-secret settings only. Credentials come from the kubeconfig
 * (or the in-cluster service account) the standard chain finds, never from here.
 */
public @interface KubernetesConfig {
    String PID = "org.aegisml.provider.kubernetes";

    /**
     * Namespace for Deployments and Services when a backend names none; empty means the
     * kubeconfig context's namespace, the service account's namespace in-cluster, else {@code default}.
     */
    String namespace() default "";

    /**
     * Path of a kubeconfig file to use instead of the standard chain ($KUBECONFIG,
     * ~/.kube/config, in-cluster service account). A path, never the file's content.
     */
    String kubeconfig() default "";
}
