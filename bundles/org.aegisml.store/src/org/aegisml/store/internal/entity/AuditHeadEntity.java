package org.aegisml.store.internal.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row naming the newest audit entry; locking it orders concurrent appends. */
@Entity
@Table(name = "audit_head")
public class AuditHeadEntity {
    @Id
    public int id;
    @Column(nullable = false)
    public long seq;
    @Column(nullable = false, length = 64)
    public String hash;
}
