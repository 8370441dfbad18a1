package org.aegisml.store.internal.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Tags are also kept as rows so that listing by tag is an indexed lookup. */
@Entity
@Table(name = "asset_tag")
public class AssetTagEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "asset_id", nullable = false)
    public long assetId;
    @Column(name = "tag_key", nullable = false, length = 200)
    public String key;
    @Column(name = "tag_value", nullable = false, length = 1000)
    public String value;
}
