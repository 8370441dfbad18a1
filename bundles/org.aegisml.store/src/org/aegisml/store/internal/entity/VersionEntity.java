package org.aegisml.store.internal.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "asset_version")
public class VersionEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "asset_id", nullable = false)
    public long assetId;
    @Column(nullable = false)
    public int version;
    @Column(nullable = false, length = 16)
    public String stage;
    @Column(name = "spec_json", nullable = false, length = 1000000)
    public String specJson;
    @Column(name = "artifact_sha256", length = 64)
    public String artifactSha256;
    @Column(name = "artifact_size")
    public Long artifactSize;
    @Column(name = "artifact_filename", length = 500)
    public String artifactFilename;
    @Column(name = "artifact_media_type", length = 200)
    public String artifactMediaType;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "created_by", nullable = false, length = 200)
    public String createdBy;
}
