package org.aegisml.client.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.security.Actor;
import org.aegisml.client.Connection;
import org.aegisml.client.Connector;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * One server, one key, its eight REST-backed services and, inside a framework, their
 * registrations. The services are registered with a low {@code service.ranking} so that where
 * the same framework also runs the real services (a test runtime, a server with a console
 * bundle), whatever binds without a filter keeps the in-process ones; remote-mode callers select
 * the remote ones with {@code (aegisml.remote=<url>)}.
 */
final class RestConnection implements Connection {
    static final int RANKING = -1000;

    private final RestClient http;
    private final Actor actor;
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final java.util.function.Consumer<RestConnection> onClose;
    private boolean closed;

    RestConnection(RestClient http, Actor actor, java.util.function.Consumer<RestConnection> onClose) {
        this.http = http;
        this.actor = actor;
        this.onClose = onClose;
        services.put(Deployments.class, new RestDeployments(http));
        services.put(Approvals.class, new RestApprovals(http));
        services.put(Alerts.class, new RestAlerts(http));
        services.put(Monitoring.class, new RestMonitoring(http));
        services.put(DriftAnalysis.class, new RestDriftAnalysis(http));
        services.put(AuditLog.class, new RestAuditLog(http));
        services.put(Registry.class, new RestRegistry(http));
        services.put(org.aegisml.api.cost.CostLedger.class, new RestCostLedger(http));
    }

    /** Registers every service; if one registration fails, those made are withdrawn again. */
    synchronized void register(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Connector.REMOTE, http.server().toString());
        props.put(Constants.SERVICE_RANKING, RANKING);
        try {
            for (Map.Entry<Class<?>, Object> e : services.entrySet()) {
                registrations.add(context.registerService(e.getKey().getName(), e.getValue(), props));
            }
        } catch (RuntimeException e) {
            unregister();
            throw e;
        }
    }

    @Override
    public URI server() {
        return http.server();
    }

    @Override
    public Actor actor() {
        return actor;
    }

    @Override
    public boolean reachable() {
        return http.healthy();
    }

    @Override
    public <T> T service(Class<T> type) {
        Object s = services.get(type);
        if (s == null) {
            throw new IllegalArgumentException("a connection offers " + services.keySet().stream().map(Class::getSimpleName)
                    .toList() + ", not " + (type == null ? null : type.getName()));
        }
        return type.cast(s);
    }

    @Override
    public Set<Class<?>> services() {
        return Collections.unmodifiableSet(services.keySet());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            unregister();
        }
        http.close();
        onClose.accept(this);
    }

    private void unregister() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // Already gone: the client bundle stopped first, which unregisters everything it registered.
            }
        }
        registrations.clear();
    }

    @Override
    public String toString() {
        return "Connection[" + http.server() + " as " + actor.name() + " (" + actor.role().name().toLowerCase(java.util.Locale.ROOT)
                + ")" + (closed ? ", closed" : "") + "]";
    }
}
