-- Alerting: rules, destinations, firing episodes, deliveries. Portable between H2 2.x and
-- PostgreSQL 12+. (V3 is taken by monitoring work on another branch; the runner applies
-- whatever is missing in index order, so the gap is harmless.)

CREATE TABLE alert_rule (
    id                 VARCHAR(64)   NOT NULL PRIMARY KEY,
    name               VARCHAR(200)  NOT NULL,
    metric             VARCHAR(32)   NOT NULL,
    condition_op       VARCHAR(8)    NOT NULL,
    threshold          DOUBLE PRECISION NOT NULL,
    window_seconds     BIGINT        NOT NULL,
    severity           VARCHAR(16)   NOT NULL,
    scope_model        VARCHAR(200)  NOT NULL,
    scope_version      INTEGER,
    scope_endpoint     VARCHAR(200),
    scope_arm          VARCHAR(16),
    renotify_seconds   BIGINT        NOT NULL,
    destinations_json  VARCHAR(65536) NOT NULL,
    enabled            BOOLEAN       NOT NULL,
    created_by         VARCHAR(200)  NOT NULL,
    created_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_by         VARCHAR(200)  NOT NULL,
    updated_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_alert_rule_name UNIQUE (name)
);

-- settings_json holds secrets (webhook URLs, SMTP passwords) in clear: the service masks
-- them on the way out, and the audit log only ever sees the masked form.
CREATE TABLE alert_destination (
    name           VARCHAR(200)  NOT NULL PRIMARY KEY,
    channel        VARCHAR(64)   NOT NULL,
    settings_json  VARCHAR(65536) NOT NULL,
    created_by     VARCHAR(200)  NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_by     VARCHAR(200)  NOT NULL,
    updated_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- One row per firing episode. open_rule_id equals rule_id while the episode fires and is
-- NULL once resolved: the unique constraint makes a second open episode of one rule
-- impossible even if two evaluators ever got past the rule's row lock. No foreign key to
-- alert_rule: the history outlives a deleted rule.
CREATE TABLE alert_episode (
    id                 VARCHAR(64)   NOT NULL PRIMARY KEY,
    rule_id            VARCHAR(64)   NOT NULL,
    open_rule_id       VARCHAR(64),
    rule_name          VARCHAR(200)  NOT NULL,
    severity           VARCHAR(16)   NOT NULL,
    state              VARCHAR(16)   NOT NULL,
    started_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    resolved_at        TIMESTAMP(6) WITH TIME ZONE,
    last_value         DOUBLE PRECISION,
    last_evaluated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_notified_at   TIMESTAMP(6) WITH TIME ZONE,
    notifications      INTEGER       NOT NULL,
    CONSTRAINT uq_alert_episode_open UNIQUE (open_rule_id)
);
CREATE INDEX ix_alert_episode_rule ON alert_episode (rule_id, started_at);
CREATE INDEX ix_alert_episode_started ON alert_episode (started_at);

-- alert_id is NULL for test sends. status: pending (claimed, being sent), ok, failed.
CREATE TABLE alert_delivery (
    id           VARCHAR(64)   NOT NULL PRIMARY KEY,
    alert_id     VARCHAR(64),
    destination  VARCHAR(200)  NOT NULL,
    channel      VARCHAR(64)   NOT NULL,
    kind         VARCHAR(16)   NOT NULL,
    sent_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    error        VARCHAR(4000)
);
CREATE INDEX ix_alert_delivery_alert ON alert_delivery (alert_id, sent_at);
