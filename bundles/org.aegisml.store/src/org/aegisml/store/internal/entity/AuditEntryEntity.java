package org.aegisml.store.internal.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "audit_entry")
public class AuditEntryEntity {
    @Id
    public long seq;
    @Column(nullable = false)
    public Instant at;
    @Column(nullable = false, length = 200)
    public String actor;
    @Column(nullable = false, length = 100)
    public String action;
    @Column(nullable = false, length = 1000)
    public String target;
    @Column(name = "before_json", length = 1000000)
    public String before;
    @Column(name = "after_json", length = 1000000)
    public String after;
    @Column(name = "prev_hash", nullable = false, length = 64)
    public String prevHash;
    @Column(nullable = false, length = 64)
    public String hash;
}
