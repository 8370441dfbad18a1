package org.aegisml.store.internal.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "api_key")
public class ApiKeyEntity {
    @Id
    @Column(length = 64)
    public String id;
    @Column(nullable = false, length = 200)
    public String name;
    @Column(nullable = false, length = 16)
    public String role;
    @Column(name = "secret_hash", nullable = false, length = 64)
    public String secretHash;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "created_by", nullable = false, length = 200)
    public String createdBy;
    @Column(name = "revoked_at")
    public Instant revokedAt;
}
