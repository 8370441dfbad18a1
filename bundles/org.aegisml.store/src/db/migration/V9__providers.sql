-- Provider costs (issue 7): what each cost source reported per day and tag combination. A sync
-- replaces a source's lines for the days it asked about, so the table holds the latest answer.
CREATE TABLE cost_line (
    source     VARCHAR(100)  NOT NULL,
    cost_day   DATE          NOT NULL,
    project    VARCHAR(200),
    model      VARCHAR(200),
    version    INTEGER,
    endpoint   VARCHAR(200),
    service    VARCHAR(200),
    amount     DOUBLE PRECISION NOT NULL,
    currency   VARCHAR(8)    NOT NULL,
    synced_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_cost_line_day ON cost_line (cost_day, source);

-- One autoscaling policy per deployment (the JSON of the API's AutoscalingPolicy).
CREATE TABLE autoscaling_policy (
    deployment  VARCHAR(200)  NOT NULL PRIMARY KEY,
    policy_json VARCHAR(20000) NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(200)  NOT NULL
);
