package org.aegisml.server.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Gateway;
import org.aegisml.api.evaluation.Evaluations;
import org.aegisml.api.policy.Policies;
import org.aegisml.api.policy.PolicyEngine;
import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.ApiKeyService;
import org.aegisml.api.security.IssuedKey;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.Store;
import org.aegisml.server.internal.http.ApiHandler;
import org.aegisml.server.internal.http.Metrics;
import org.aegisml.server.internal.http.Router;
import org.aegisml.server.internal.routes.DriftRoutes;
import org.aegisml.server.internal.routes.GatewayRoutes;
import org.aegisml.server.internal.routes.AlertRoutes;
import org.aegisml.server.internal.routes.DeploymentRoutes;
import org.aegisml.server.internal.routes.EvaluationRoutes;
import org.aegisml.server.internal.routes.KeyRoutes;
import org.aegisml.server.internal.routes.MonitoringRoutes;
import org.aegisml.server.internal.routes.PolicyRoutes;
import org.aegisml.server.internal.routes.RegistryRoutes;
import org.aegisml.server.internal.routes.SystemRoutes;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headless server: REST API v1, health and metrics on one Jetty connector. Starts once
 * the store, the registry and the key service are up, after making sure an admin key exists.
 */
@Component(service = ApiServer.class, configurationPid = "org.aegisml.server",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private final Server jetty;
    private final Router router = new Router();

    @Activate
    public ApiServer(@Reference Store store, @Reference Registry registry, @Reference AuditLog audit,
            @Reference ApiKeyService keys, @Reference Monitoring monitoring, @Reference DriftAnalysis drift,
            @Reference Alerts alerts, @Reference Deployments deployments, @Reference Approvals approvals,
            @Reference Gateway gateway, @Reference Policies policies, @Reference PolicyEngine policyEngine,
            @Reference Evaluations evaluations, @Reference org.aegisml.api.provider.Providers providers,
            @Reference org.aegisml.api.cost.CostLedger ledger, @Reference org.aegisml.api.provider.Autoscaling autoscaling,
            @Reference org.aegisml.api.extension.Extensions extensions,
            ServerConfig config, BundleContext context) throws Exception {
        bootstrapAdminKey(keys, config.adminKey());
        Path uploads = config.dataDir().isBlank() ? Files.createTempDirectory("aegisml-uploads-")
                : Files.createDirectories(Path.of(config.dataDir(), "tmp", "uploads"));
        Metrics metrics = new Metrics();
        String version = context.getBundle().getVersion().toString();
        new SystemRoutes(store, audit, metrics, monitoring, policyEngine, extensions, version).register(router);
        new MonitoringRoutes(monitoring).register(router);
        new DriftRoutes(drift).register(router);
        new AlertRoutes(alerts).register(router);
        new DeploymentRoutes(deployments, approvals).register(router);
        new GatewayRoutes(gateway, config.maxJsonBytes()).register(router);
        new PolicyRoutes(policies, config.maxJsonBytes()).register(router);
        new RegistryRoutes(registry, config.maxJsonBytes(), config.maxArtifactBytes(), uploads).register(router);
        new KeyRoutes(keys).register(router);
        new EvaluationRoutes(evaluations).register(router);
        new org.aegisml.server.internal.routes.ProviderRoutes(providers, ledger, autoscaling, deployments).register(router);

        QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), 8);
        threads.setName("aegisml-http");
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(60_000);
        jetty.addConnector(connector);
        jetty.setHandler(new ApiHandler(router, keys::authenticate, metrics, config.maxJsonBytes()));
        jetty.setStopTimeout(5_000);
        try {
            jetty.start();
        } catch (Exception e) {
            jetty.stop();
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        int port = connector.getLocalPort();
        LOG.info("AegisML {} listening on http://{}:{} ({} database)", version, config.host(), port, store.dialect());
        System.out.println("AegisML server listening on http://" + displayHost(config.host()) + ":" + port
                + " (" + store.dialect() + ")");
    }

    /** Makes sure some admin key exists: the configured one, or a new one shown only now. */
    static void bootstrapAdminKey(ApiKeyService keys, String configured) {
        if (!configured.isBlank()) {
            if (keys.authenticate(configured).isEmpty()) {
                try {
                    keys.issueWithSecret("admin (configured)", Role.ADMIN, configured, Actor.SYSTEM);
                    LOG.info("Registered the configured admin key");
                } catch (org.aegisml.api.ConflictException revoked) {
                    LOG.error("The configured admin key (AEGISML_ADMIN_KEY) was revoked; it is not accepted");
                }
            }
            return;
        }
        if (!keys.hasAdmin()) {
            IssuedKey k = keys.issue("admin", Role.ADMIN, Actor.SYSTEM);
            String line = "=".repeat(78);
            System.out.println(line);
            System.out.println(" AegisML created an admin API key. It is shown this once; store it now:");
            System.out.println();
            System.out.println("   " + k.secret());
            System.out.println();
            System.out.println(" Use it as:  Authorization: Bearer <key>   (set AEGISML_ADMIN_KEY to choose your own)");
            System.out.println(line);
            System.out.flush();
        }
    }

    private static String displayHost(String host) {
        return host.equals("0.0.0.0") ? "localhost" : host;
    }

    public Router router() {
        return router;
    }

    @Deactivate
    void stop() throws Exception {
        jetty.stop();
    }
}
