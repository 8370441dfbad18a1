package org.aegisml.store.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.aegisml.api.Page;
import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.audit.AuditQuery;
import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.audit.AuditVerification;
import org.aegisml.api.store.AuditRepository;
import org.aegisml.store.internal.entity.AuditEntryEntity;
import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;


final class AuditRepo implements AuditRepository {
    private static final int SCAN_BATCH = 1000;
    private final Session s;
    private final ChainHead head;

    AuditRepo(Session s) {
        this(s, new ChainHead());
    }

    AuditRepo(Session s, ChainHead head) {
        this.s = s;
        this.head = head;
    }

    @Override
    public AuditEntry append(AuditRecord r) {
        // The lock is held until commit: appends from every transaction, on every replica,
        // queue here, so the chain follows the commit order.
        // Plain JDBC for the lock and the head: through Hibernate each append resolved a query plan, and the plan
        // cache's eviction churn made these two statements a quarter of a busy server's garbage (JFR allocation
        // profile under gateway load). Nothing of this unit's own audit rows is pending: the head is tracked here.
        if (!head.locked) {
            s.doWork(c -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT id FROM audit_lock WHERE id = 1 FOR UPDATE");
                        java.sql.ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("the audit_lock row is missing");
                }
            });
            head.locked = true;
            head.seq = -1;
        }
        if (!head.known()) {
            s.doWork(c -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement(
                        "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1");
                        java.sql.ResultSet rs = ps.executeQuery()) {
                    head.seq = rs.next() ? rs.getLong(1) : 0;
                    head.hash = head.seq == 0 ? AuditChain.GENESIS : rs.getString(2);
                }
            });
        }
        long seq = head.seq + 1;
        String prevHash = head.hash;
        // The databases keep microseconds; hash exactly what will be read back.
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditEntryEntity e = new AuditEntryEntity();
        e.seq = seq;
        e.at = at;
        e.actor = r.actor();
        e.action = r.action();
        e.target = r.target();
        e.before = r.before();
        e.after = r.after();
        e.prevHash = prevHash;
        e.hash = AuditChain.hash(seq, at, r.actor(), r.action(), r.target(), r.before(), r.after(), prevHash);
        s.persist(e);
        head.seq = seq;
        head.hash = e.hash;
        return toEntry(e);
    }

    Page<AuditEntry> list(AuditQuery q) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (q.actor() != null) where.append(" and e.actor = :actor");
        if (q.action() != null) where.append(" and e.action = :action");
        if (q.target() != null) where.append(" and e.target like :target escape '\\'");
        if (q.from() != null) where.append(" and e.at >= :from");
        if (q.to() != null) where.append(" and e.at < :to");
        SelectionQuery<AuditEntryEntity> items = s.createSelectionQuery(
                "from AuditEntryEntity e" + where + " order by e.seq desc", AuditEntryEntity.class);
        SelectionQuery<Long> count = s.createSelectionQuery("select count(*) from AuditEntryEntity e" + where, Long.class);
        for (SelectionQuery<?> query : List.of(items, count)) {
            if (q.actor() != null) query.setParameter("actor", q.actor());
            if (q.action() != null) query.setParameter("action", q.action());
            if (q.target() != null) query.setParameter("target", RegistryRepo.likePrefix(q.target()));
            if (q.from() != null) query.setParameter("from", q.from());
            if (q.to() != null) query.setParameter("to", q.to());
        }
        List<AuditEntry> list = items.setFirstResult(q.page().offset()).setMaxResults(q.page().size())
                .getResultList().stream().map(AuditRepo::toEntry).toList();
        return new Page<>(list, count.getSingleResult(), q.page().page(), q.page().size());
    }

    AuditVerification verify() {
        AuditChain.Verifier v = new AuditChain.Verifier();
        long after = 0;
        while (true) {
            List<AuditEntryEntity> batch = s.createSelectionQuery(
                    "from AuditEntryEntity where seq > :after order by seq", AuditEntryEntity.class)
                    .setParameter("after", after).setMaxResults(SCAN_BATCH).getResultList();
            boolean ok = true;
            for (AuditEntryEntity e : batch) {
                ok = v.accept(toEntry(e));
                if (!ok) break;
                after = e.seq;
            }
            s.clear();
            if (!ok || batch.size() < SCAN_BATCH) break;
        }
        return new AuditVerification(v.firstBad() == null, v.checked(), v.firstBad(), v.reason(), v.lastHash());
    }

    static AuditEntry toEntry(AuditEntryEntity e) {
        return new AuditEntry(e.seq, e.at, e.actor, e.action, e.target, e.before, e.after, e.prevHash, e.hash);
    }
}
