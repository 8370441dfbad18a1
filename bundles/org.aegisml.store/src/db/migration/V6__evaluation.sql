-- Offline evaluation and feedback: runs with every per-example result, regression tests with
-- their overrides, feedback on live calls. Portable between H2 2.x and PostgreSQL 12+. Metric
-- lists, examples, predictions and scores are JSON text; only what is filtered, ordered or
-- joined on is a column of its own.

CREATE TABLE evaluation_run (
    id                 VARCHAR(64)    NOT NULL PRIMARY KEY,
    target_type        VARCHAR(16)    NOT NULL,
    target_name        VARCHAR(200)   NOT NULL,
    target_version     INTEGER        NOT NULL,
    dataset_name       VARCHAR(200)   NOT NULL,
    dataset_version    INTEGER        NOT NULL,
    source             VARCHAR(16)    NOT NULL,
    metrics_json       VARCHAR(1000000) NOT NULL,
    examples           BIGINT         NOT NULL,
    failed             BIGINT         NOT NULL,
    latency_p50        DOUBLE PRECISION,
    latency_p95        DOUBLE PRECISION,
    input_tokens       BIGINT,
    output_tokens      BIGINT,
    cost_per_1k        DOUBLE PRECISION,
    created_by         VARCHAR(200)   NOT NULL,
    created_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    duration_ms        BIGINT         NOT NULL
);
CREATE INDEX ix_evaluation_run_target ON evaluation_run (target_type, target_name, target_version, created_at);
CREATE INDEX ix_evaluation_run_dataset ON evaluation_run (dataset_name, dataset_version, created_at);

-- One row per example, in dataset order (idx). Deleting a run deletes its results.
CREATE TABLE evaluation_result (
    run_id             VARCHAR(64)    NOT NULL REFERENCES evaluation_run (id) ON DELETE CASCADE,
    idx                INTEGER        NOT NULL,
    example_json       VARCHAR(1000000) NOT NULL,
    prediction_json    VARCHAR(1000000) NOT NULL,
    scores_json        VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (run_id, idx)
);

CREATE TABLE regression_test (
    id                 VARCHAR(64)    NOT NULL PRIMARY KEY,
    candidate_type     VARCHAR(16)    NOT NULL,
    candidate_name     VARCHAR(200)   NOT NULL,
    candidate_version  INTEGER        NOT NULL,
    baseline_json      VARCHAR(1000)  NOT NULL,
    dataset_json       VARCHAR(1000)  NOT NULL,
    candidate_run      VARCHAR(64)    NOT NULL,
    baseline_run       VARCHAR(64)    NOT NULL,
    verdict            VARCHAR(16)    NOT NULL,
    metrics_json       VARCHAR(100000) NOT NULL,
    created_by         VARCHAR(200)   NOT NULL,
    created_by_name    VARCHAR(200)   NOT NULL,
    created_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    override_json      VARCHAR(10000)
);
CREATE INDEX ix_regression_candidate ON regression_test (candidate_type, candidate_name, candidate_version, created_at);

-- model/version/endpoint/arm are copied from the event the feedback is about, so online
-- quality per version and arm needs no join with the (purgeable) event stream.
CREATE TABLE feedback (
    id                 VARCHAR(64)    NOT NULL PRIMARY KEY,
    event_id           VARCHAR(200)   NOT NULL,
    model              VARCHAR(200)   NOT NULL,
    model_version      INTEGER        NOT NULL,
    endpoint           VARCHAR(200),
    arm                VARCHAR(16)    NOT NULL,
    score              DOUBLE PRECISION,
    thumbs_up          BOOLEAN,
    label              VARCHAR(10000),
    corrected_output   VARCHAR(100000),
    comment_text       VARCHAR(10000),
    has_correction     BOOLEAN        NOT NULL,
    created_by         VARCHAR(200)   NOT NULL,
    created_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    curated_into       VARCHAR(300)
);
CREATE INDEX ix_feedback_model ON feedback (model, model_version, created_at);
CREATE INDEX ix_feedback_event ON feedback (event_id);
