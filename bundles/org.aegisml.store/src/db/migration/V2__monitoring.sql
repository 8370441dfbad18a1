-- Monitoring: the raw event stream, summaries, feature binning schemes, model prices.
-- Portable between H2 2.x and PostgreSQL 12+.

-- Append-only; written in bulk with plain JDBC. No secondary index: ingest speed matters
-- more than the daily retention purge, and everything else reads summaries or the key.
CREATE TABLE monitoring_event (
    event_id       VARCHAR(128)  NOT NULL PRIMARY KEY,
    ts             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    model          VARCHAR(200)  NOT NULL,
    version        INTEGER       NOT NULL,
    endpoint       VARCHAR(200)  NOT NULL,
    arm            VARCHAR(16)   NOT NULL,
    is_error       BOOLEAN       NOT NULL,
    latency_ms     DOUBLE PRECISION,
    input_tokens   BIGINT,
    output_tokens  BIGINT,
    cost           DOUBLE PRECISION,
    y_true         VARCHAR(10000),
    payload        VARCHAR(1000000) NOT NULL
);

-- One row per model, version, endpoint, arm and bucket, at three resolutions (m, h, d).
-- data is the monitoring bundle's mergeable summary (counters, sketches, histograms).
CREATE TABLE monitoring_summary (
    model        VARCHAR(200)  NOT NULL,
    resolution   CHAR(1)       NOT NULL,
    bucket       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version      INTEGER       NOT NULL,
    endpoint     VARCHAR(200)  NOT NULL,
    arm          VARCHAR(16)   NOT NULL,
    event_count  BIGINT        NOT NULL,
    data         BYTEA NOT NULL,
    PRIMARY KEY (model, resolution, bucket, version, endpoint, arm)
);

-- Fixed at first sight of a feature (from a baseline or the first traffic) so that every
-- bucket of a model bins a feature the same way and summaries merge exactly.
CREATE TABLE monitoring_feature (
    model       VARCHAR(200)  NOT NULL,
    feature     VARCHAR(200)  NOT NULL,
    kind        VARCHAR(16)   NOT NULL,
    bins        BYTEA,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (model, feature)
);

CREATE TABLE model_price (
    model               VARCHAR(200)  NOT NULL PRIMARY KEY,
    input_per_million   DOUBLE PRECISION NOT NULL,
    output_per_million  DOUBLE PRECISION NOT NULL,
    currency            VARCHAR(8)    NOT NULL,
    updated_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_by          VARCHAR(200)  NOT NULL
);
