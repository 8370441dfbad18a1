package org.aegisml.store.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Function;

import javax.sql.DataSource;

import org.aegisml.api.AegisException;
import org.aegisml.api.ConflictException;
import org.aegisml.api.Page;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.audit.AuditQuery;
import org.aegisml.api.audit.AuditVerification;
import org.aegisml.api.store.Store;
import org.aegisml.api.store.StoreTx;
import org.aegisml.store.internal.entity.AliasChangeEntity;
import org.aegisml.store.internal.entity.AliasEntity;
import org.aegisml.store.internal.entity.ApiKeyEntity;
import org.aegisml.store.internal.entity.AssetEntity;
import org.aegisml.store.internal.entity.AssetTagEntity;
import org.aegisml.store.internal.entity.AuditEntryEntity;
import org.aegisml.store.internal.entity.LineageEdgeEntity;
import org.aegisml.store.internal.entity.StageChangeEntity;
import org.aegisml.store.internal.entity.VersionEntity;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.JDBCException;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistry;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;

/**
 * The relational store: a HikariCP pool, the migrations, and a Hibernate session factory
 * over the entities of this bundle. Also serves the read side of the audit log.
 */
@Component(service = { Store.class, AuditLog.class }, configurationPid = "org.aegisml.store",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public final class HibernateStore implements Store, AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(HibernateStore.class);
    private static final Class<?>[] ENTITIES = { AssetEntity.class, AssetTagEntity.class, VersionEntity.class,
            StageChangeEntity.class, AliasEntity.class, AliasChangeEntity.class, LineageEdgeEntity.class,
            AuditEntryEntity.class, ApiKeyEntity.class };

    private final HikariDataSource pool;
    private final SessionFactory sessions;
    private final GroupCommitWriter writer;
    private final boolean postgres;

    @Activate
    public HibernateStore(StoreConfig config) throws Exception {
        String url = config.url().isBlank() ? h2Url(config.dataDir()) : config.url().strip();
        postgres = url.startsWith("jdbc:postgresql:");
        if (!postgres && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("unsupported database URL " + url + ": use jdbc:h2: or jdbc:postgresql:");
        }
        pool = openPool(url, config);
        try {
            int applied = Migrations.apply(pool, postgres);
            sessions = buildSessionFactory(pool);
            writer = new GroupCommitWriter(sessions, new GroupCommitWriter.Runner() {
                @Override
                public <T> T single(Function<StoreTx, T> work) {
                    return run(work, false);
                }
            });
            LOG.info("Store ready on {} ({} migration(s) applied)", redact(url), applied);
        } catch (Exception | Error e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Opens the pool, waiting up to {@code startupTimeoutSeconds} for a database that is not
     * reachable yet (a server often starts before its database), and saying so on the log.
     */
    private static HikariDataSource openPool(String url, StoreConfig config) throws InterruptedException {
        long deadline = System.nanoTime() + config.startupTimeoutSeconds() * 1_000_000_000L;
        long wait = 500;
        while (true) {
            try {
                return new HikariDataSource(poolConfig(url, config));
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (System.nanoTime() - deadline >= 0) {
                    LOG.error("Cannot open the database {} ({}); gave up after {} s, the server will not start",
                            redact(url), cause.getMessage(), config.startupTimeoutSeconds());
                    throw e;
                }
                LOG.warn("Cannot open the database {} yet ({}); retrying in {} ms", redact(url), cause.getMessage(), wait);
                Thread.sleep(wait);
                wait = Math.min(wait * 2, 5_000);
            }
        }
    }

    private static String h2Url(String dataDir) throws java.io.IOException {
        if (dataDir == null || dataDir.isBlank()) {
            throw new IllegalArgumentException("neither a database url nor a dataDir is configured");
        }
        Path dir = Path.of(dataDir).toAbsolutePath();
        Files.createDirectories(dir);
        // WRITE_DELAY=0: a commit reaches the file before the caller is answered, so killing the
        // process loses nothing acknowledged (H2's default keeps up to 500 ms in memory).
        // LOCK_TIMEOUT: writers queue on the audit chain head; give them time rather than fail.
        return "jdbc:h2:file:" + dir.resolve("aegisml") + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0";
    }

    static HikariConfig poolConfig(String url, StoreConfig config) {
        DataSource raw;
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = postgresDataSource(url, config);
            if (config.socketTimeoutSeconds() > 0 && !url.contains("socketTimeout=")) {
                pg.setSocketTimeout(config.socketTimeoutSeconds());
            }
            raw = pg;
        } else {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(config.user().isBlank() ? "sa" : config.user());
            h2.setPassword(config.password());
            raw = h2;
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("aegisml-store");
        hc.setDataSource(raw);
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(4, config.poolSize()));
        hc.setConnectionTimeout(config.connectionTimeoutMs());
        hc.setAutoCommit(false);
        return hc;
    }

    /** A PostgreSQL data source for the configured URL and credentials, timeouts left to the caller. */
    static PGSimpleDataSource postgresDataSource(String url, StoreConfig config) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        if (!config.user().isBlank()) pg.setUser(config.user());
        if (!config.password().isEmpty()) pg.setPassword(config.password());
        return pg;
    }

    private static SessionFactory buildSessionFactory(DataSource ds) {
        ClassLoader own = HibernateStore.class.getClassLoader();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        // Hibernate looks up its services through the context class loader; inside OSGi that
        // must be this bundle's loader, which sees Hibernate, the entities and the drivers.
        t.setContextClassLoader(own);
        try {
            BootstrapServiceRegistry boot = new BootstrapServiceRegistryBuilder().applyClassLoader(own).build();
            StandardServiceRegistry registry = new StandardServiceRegistryBuilder(boot)
                    .applySetting("hibernate.connection.datasource", ds)
                    .applySetting("hibernate.hbm2ddl.auto", "validate")
                    .applySetting("hibernate.connection.provider_disables_autocommit", "true")
                    .applySetting("hibernate.jdbc.batch_size", "50")
                    .applySetting("hibernate.order_inserts", "true")
                    .applySetting("hibernate.jdbc.time_zone", "UTC")
                    .applySetting("hibernate.show_sql", "false")
                    .build();
            MetadataSources sources = new MetadataSources(registry);
            for (Class<?> c : ENTITIES) sources.addAnnotatedClass(c);
            return sources.buildMetadata().buildSessionFactory();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Deactivate
    void close() {
        try {
            writer.close();
            sessions.close();
        } finally {
            pool.close();
        }
    }

    @Override
    public <T> T write(Function<StoreTx, T> work) {
        return writer.write(work);
    }

    @Override
    public <T> T read(Function<StoreTx, T> work) {
        return run(work, true);
    }

    private <T> T run(Function<StoreTx, T> work, boolean readOnly) {
        Session session;
        try {
            session = sessions.openSession();
        } catch (RuntimeException e) {
            throw translate(e);
        }
        try (session) {
            Transaction tx = null;
            try {
                session.setDefaultReadOnly(readOnly);
                tx = session.beginTransaction();
                T result = work.apply(new HibernateTx(session));
                if (!readOnly) session.flush();
                if (tx.getRollbackOnly()) {
                    // A database error was swallowed inside the unit; committing would silently
                    // roll back what the caller believes was written.
                    throw new IllegalStateException("the unit of work hid a database failure; nothing was written");
                }
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                if (tx != null && tx.isActive()) {
                    try {
                        tx.rollback();
                    } catch (RuntimeException r) {
                        e.addSuppressed(r);
                    }
                }
                throw translate(e);
            }
        }
    }

    /** Maps database failures to the API's exceptions; everything else passes through. */
    static RuntimeException translate(RuntimeException e) {
        if (e instanceof AegisException) return e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConstraintViolationException cv) {
                return new ConflictException(null, "already exists (" + constraintName(cv) + ")", e);
            }
            if (c instanceof JDBCConnectionException || c instanceof SQLTransientConnectionException
                    || c instanceof java.net.ConnectException) {
                return new UnavailableException(null, "the database cannot be reached", e);
            }
            if (c instanceof LockTimeoutException || c instanceof PessimisticLockException) {
                return new UnavailableException(null, "the database is busy, retry", e);
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return new UnavailableException(null, "the database cannot be reached", e);
            }
            if (c instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return new ConflictException(null, "already exists", e);
            }
        }
        if (e instanceof JDBCException || e instanceof PersistenceException) {
            return new IllegalStateException("database error: " + e.getMessage(), e);
        }
        return e;
    }

    private static String constraintName(ConstraintViolationException cv) {
        String n = cv.getConstraintName();
        return n == null ? "unique constraint" : n.toLowerCase(java.util.Locale.ROOT);
    }

    private static String redact(String url) {
        return url.replaceAll("password=[^&;]*", "password=***");
    }

    /** Units of work per commit so far (1.0 when writers never overlapped). */
    double averageBatch() {
        return writer.averageBatch();
    }

    @Override
    public String dialect() {
        return postgres ? "postgresql" : "h2";
    }

    @Override
    public boolean healthy() {
        try (var c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public Page<AuditEntry> list(AuditQuery query) {
        return read(tx -> ((HibernateTx) tx).auditRepository().list(query));
    }

    @Override
    public AuditVerification verify() {
        return read(tx -> ((HibernateTx) tx).auditRepository().verify());
    }
}
