package org.aegisml.api.store;

import org.osgi.annotation.versioning.ProviderType;

/** The repositories visible inside one unit of work; only valid while that unit runs. */
@ProviderType
public interface StoreTx {
    RegistryRepository registry();

    AuditRepository audit();

    KeyRepository keys();

    MonitoringRepository monitoring();

    AlertRepository alerts();

    DeploymentRepository deployments();

    PolicyRepository policies();

    EvaluationRepository evaluations();

    ProviderRepository providers();
}
