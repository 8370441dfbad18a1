package org.aegisml.store.internal.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "lineage_edge")
public class LineageEdgeEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "from_version_id", nullable = false)
    public long fromVersionId;
    @Column(name = "to_version_id", nullable = false)
    public long toVersionId;
    @Column(nullable = false, length = 32)
    public String relation;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "created_by", nullable = false, length = 200)
    public String createdBy;
}
