-- Drift: the baseline of each model version and each model's drift settings.
-- Portable between H2 2.x and PostgreSQL 12+.

-- definition is the baseline's description as JSON (source, dataset or window, rows,
-- skipped columns); data is the monitoring bundle's summary of a dataset baseline (NULL for
-- a window baseline, which is read from the live summaries at each query).
CREATE TABLE drift_baseline (
    model       VARCHAR(200)  NOT NULL,
    version     INTEGER       NOT NULL,
    definition  VARCHAR(100000) NOT NULL,
    data        BYTEA,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (model, version)
);

CREATE TABLE drift_settings (
    model       VARCHAR(200)  NOT NULL PRIMARY KEY,
    definition  VARCHAR(100000) NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(200)  NOT NULL
);
