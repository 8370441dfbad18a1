package org.aegisml.store.internal.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "stage_change")
public class StageChangeEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "version_id", nullable = false)
    public long versionId;
    @Column(name = "from_stage", nullable = false, length = 16)
    public String fromStage;
    @Column(name = "to_stage", nullable = false, length = 16)
    public String toStage;
    @Column(nullable = false, length = 200)
    public String actor;
    @Column(length = 4000)
    public String reason;
    @Column(name = "changed_at", nullable = false)
    public Instant at;
}
