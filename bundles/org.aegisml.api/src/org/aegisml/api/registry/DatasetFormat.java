package org.aegisml.api.registry;

/** Accepted dataset file formats. */
public enum DatasetFormat {
    CSV, NDJSON
}
