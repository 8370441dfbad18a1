package org.aegisml.provider.kubernetes.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.provider.Placement;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1TCPSocketAction;

/** The Deployment of one version and the Service of an endpoint, as the provider wants them. */
final class Manifests {
    static final String CONTAINER = "model";
    static final String PORT_NAME = "http";
    static final String GPU = "nvidia.com/gpu";

    private Manifests() {
    }

    static V1Deployment deployment(Placement p, HostOptions o, String namespace, int replicas, int weight) {
        String name = Names.deployment(p.endpoint(), p.version());
        Map<String, String> labels = Names.labels(p.endpoint(), p.version(), p.project());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Names.VERSION_REF, p.version().toString());
        annotations.put(Names.ENDPOINT_NAME, p.endpoint());
        annotations.put(Names.WEIGHT, Integer.toString(weight));
        annotations.put(Names.TRAFFIC, o.traffic());
        V1PodTemplateSpec template = template(p, o);
        annotations.put(Names.TEMPLATE_HASH, fingerprint(template));
        return new V1Deployment().apiVersion("apps/v1").kind("Deployment")
                .metadata(new V1ObjectMeta().name(name).namespace(namespace).labels(labels).annotations(annotations))
                .spec(new V1DeploymentSpec().replicas(replicas)
                        .selector(new V1LabelSelector().matchLabels(Map.of(Names.MANAGED_BY, Names.MANAGER,
                                Names.INSTANCE, name)))
                        .template(template));
    }

    /** Identifies a pod template as written here, whatever defaults the API server adds to it. */
    static String fingerprint(V1PodTemplateSpec template) {
        return Names.hash(JSON.serialize(template), 8);
    }

    static V1PodTemplateSpec template(Placement p, HostOptions o) {
        V1Probe readiness = new V1Probe().periodSeconds(5).failureThreshold(3);
        if (o.readinessPath() != null) {
            readiness.httpGet(new V1HTTPGetAction().path(o.readinessPath()).port(new IntOrString(PORT_NAME)));
        } else {
            readiness.tcpSocket(new V1TCPSocketAction().port(new IntOrString(PORT_NAME)));
        }
        V1Container c = new V1Container().name(CONTAINER).image(o.image())
                .ports(List.of(new V1ContainerPort().name(PORT_NAME).containerPort(o.port()).protocol("TCP")))
                .readinessProbe(readiness);
        Map<String, Quantity> requests = new LinkedHashMap<>();
        if (o.cpu() != null) requests.put("cpu", o.cpu());
        if (o.memory() != null) requests.put("memory", o.memory());
        if (o.gpu() != null) requests.put(GPU, new Quantity(o.gpu().toString()));
        if (!requests.isEmpty()) {
            V1ResourceRequirements r = new V1ResourceRequirements().requests(requests);
            // Extended resources such as GPUs must have limit = request.
            if (o.gpu() != null) r.limits(Map.of(GPU, new Quantity(o.gpu().toString())));
            c.resources(r);
        }
        return new V1PodTemplateSpec()
                .metadata(new V1ObjectMeta().labels(Names.labels(p.endpoint(), p.version(), p.project())))
                .spec(new V1PodSpec().containers(List.of(c)));
    }

    /** In gateway mode: the Service of one version, named like its Deployment, selecting only its pods. */
    static V1Service versionService(Placement p, String namespace, int port) {
        String name = Names.deployment(p.endpoint(), p.version());
        return new V1Service().apiVersion("v1").kind("Service")
                .metadata(new V1ObjectMeta().name(name).namespace(namespace)
                        .labels(Names.labels(p.endpoint(), p.version(), p.project()))
                        .annotations(Map.of(Names.ENDPOINT_NAME, p.endpoint(), Names.VERSION_REF, p.version().toString())))
                .spec(new V1ServiceSpec().selector(Map.of(Names.MANAGED_BY, Names.MANAGER, Names.INSTANCE, name))
                        .ports(List.of(new V1ServicePort().name(PORT_NAME).protocol("TCP").port(port)
                                .targetPort(new IntOrString(PORT_NAME)))));
    }

    static V1Service service(String endpoint, String namespace, int port, String project) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Names.MANAGED_BY, Names.MANAGER);
        labels.put(Names.ENDPOINT, Names.service(endpoint));
        if (project != null && !Names.labelValue(project).isEmpty()) labels.put(Names.PROJECT, Names.labelValue(project));
        return new V1Service().apiVersion("v1").kind("Service")
                .metadata(new V1ObjectMeta().name(Names.service(endpoint)).namespace(namespace).labels(labels)
                        .annotations(Map.of(Names.ENDPOINT_NAME, endpoint)))
                .spec(new V1ServiceSpec()
                        .selector(Map.of(Names.MANAGED_BY, Names.MANAGER, Names.ENDPOINT, Names.service(endpoint)))
                        .ports(List.of(new V1ServicePort().name(PORT_NAME).protocol("TCP").port(port)
                                .targetPort(new IntOrString(PORT_NAME)))));
    }
}
