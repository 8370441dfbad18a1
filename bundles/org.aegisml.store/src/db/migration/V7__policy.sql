-- Policy engine: every saved version of every policy document. The source is kept exactly as
-- sent (YAML or JSON) beside its parsed form. Only the latest version of a policy decides;
-- enabled is a column of that row (switching a policy off or on adds no version).
-- Portable between H2 2.x and PostgreSQL 12+.
CREATE TABLE policy (
    name           VARCHAR(200)    NOT NULL,
    version        INTEGER         NOT NULL,
    enabled        BOOLEAN         NOT NULL,
    format         VARCHAR(10)     NOT NULL,
    source         VARCHAR(200000) NOT NULL,
    document_json  VARCHAR(200000) NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_by     VARCHAR(200)    NOT NULL,
    PRIMARY KEY (name, version)
);
