package org.aegisml.store.internal;

import org.aegisml.api.store.AlertRepository;
import org.aegisml.api.store.AuditRepository;
import org.aegisml.api.store.DeploymentRepository;
import org.aegisml.api.store.EvaluationRepository;
import org.aegisml.api.store.KeyRepository;
import org.aegisml.api.store.MonitoringRepository;
import org.aegisml.api.store.PolicyRepository;
import org.aegisml.api.store.ProviderRepository;
import org.aegisml.api.store.RegistryRepository;
import org.aegisml.api.store.StoreTx;
import org.hibernate.Session;

/** One unit of work: the repositories share its session and so its transaction. */
final class HibernateTx implements StoreTx {
    private final Session session;
    private final ChainHead head;
    private RegistryRepo registry;
    private AuditRepo audit;
    private KeyRepo keys;
    private MonitoringRepo monitoring;
    private AlertRepo alerts;
    private DeploymentRepo deployments;
    private PolicyRepo policies;
    private EvaluationRepo evaluations;
    private ProviderRepo providers;

    HibernateTx(Session session) {
        this(session, new ChainHead());
    }

    HibernateTx(Session session, ChainHead head) {
        this.session = session;
        this.head = head;
    }

    @Override
    public RegistryRepository registry() {
        if (registry == null) registry = new RegistryRepo(session);
        return registry;
    }

    @Override
    public AuditRepository audit() {
        return auditRepository();
    }

    AuditRepo auditRepository() {
        if (audit == null) audit = new AuditRepo(session, head);
        return audit;
    }

    @Override
    public KeyRepository keys() {
        if (keys == null) keys = new KeyRepo(session);
        return keys;
    }

    @Override
    public MonitoringRepository monitoring() {
        if (monitoring == null) monitoring = new MonitoringRepo(session);
        return monitoring;
    }

    @Override
    public AlertRepository alerts() {
        if (alerts == null) alerts = new AlertRepo(session);
        return alerts;
    }

    @Override
    public DeploymentRepository deployments() {
        if (deployments == null) deployments = new DeploymentRepo(session);
        return deployments;
    }

    @Override
    public PolicyRepository policies() {
        if (policies == null) policies = new PolicyRepo(session);
        return policies;
    }

    @Override
    public EvaluationRepository evaluations() {
        if (evaluations == null) evaluations = new EvaluationRepo(session);
        return evaluations;
    }

    @Override
    public ProviderRepository providers() {
        if (providers == null) providers = new ProviderRepo(session);
        return providers;
    }
}
