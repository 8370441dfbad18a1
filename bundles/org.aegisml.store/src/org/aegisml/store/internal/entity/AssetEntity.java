package org.aegisml.store.internal.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "asset")
public class AssetEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "asset_type", nullable = false, length = 16)
    public String type;
    @Column(nullable = false, length = 200)
    public String name;
    @Column(length = 16)
    public String kind;
    @Column(length = 4000)
    public String description;
    @Column(name = "tags_json", nullable = false, length = 65536)
    public String tagsJson;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "created_by", nullable = false, length = 200)
    public String createdBy;
    @Column(name = "latest_version", nullable = false)
    public int latestVersion;
}
