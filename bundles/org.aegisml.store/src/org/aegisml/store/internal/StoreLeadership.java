package org.aegisml.store.internal;

import org.aegisml.api.store.Leadership;
import org.aegisml.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link Leadership} on the store's database. It references the {@link Store} so that it is
 * only offered once the database is open and migrated, and takes the store's dialect from it:
 * on PostgreSQL roles are advisory locks ({@link AdvisoryLeadership}); on embedded H2 only one
 * process can open the database at all, so this process always holds every role.
 */
@Component(service = Leadership.class, configurationPid = "org.aegisml.store",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class StoreLeadership implements Leadership {
    /**
     * Connect and socket timeouts of the leadership connection: a replica asks before each
     * unit of singleton work, and must learn in seconds that it cannot tell, not after the
     * operating system's minutes-long TCP give-up.
     */
    static final int TIMEOUT_SECONDS = 3;

    private final AdvisoryLeadership advisory;

    @Activate
    public StoreLeadership(StoreConfig config, @Reference Store store) {
        this.advisory = "postgresql".equals(store.dialect()) ? new AdvisoryLeadership(dataSource(config)) : null;
    }

    static PGSimpleDataSource dataSource(StoreConfig config) {
        PGSimpleDataSource pg = HibernateStore.postgresDataSource(config.url().strip(), config);
        pg.setConnectTimeout(TIMEOUT_SECONDS);
        pg.setSocketTimeout(TIMEOUT_SECONDS);
        pg.setApplicationName("aegisml-leadership");
        return pg;
    }

    @Override
    public boolean holds(String role) {
        return advisory == null || advisory.holds(role);
    }

    @Override
    public void release(String role) {
        if (advisory != null) advisory.release(role);
    }

    @Deactivate
    void close() {
        if (advisory != null) advisory.close();
    }
}
