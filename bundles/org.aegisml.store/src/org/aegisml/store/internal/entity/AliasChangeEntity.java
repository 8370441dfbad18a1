package org.aegisml.store.internal.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "alias_change")
public class AliasChangeEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "asset_id", nullable = false)
    public long assetId;
    @Column(nullable = false, length = 100)
    public String alias;
    @Column(name = "from_version")
    public Integer fromVersion;
    @Column(name = "to_version")
    public Integer toVersion;
    @Column(nullable = false, length = 200)
    public String actor;
    @Column(length = 4000)
    public String reason;
    @Column(name = "changed_at", nullable = false)
    public Instant at;
}
