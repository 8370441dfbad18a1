package org.aegisml.api.monitoring;

import java.util.List;

/** {@code applied} labels updated their event's summaries; the others say why not (line is 1-based). */
public record LabelReport(int received, int applied, List<IngestReport.Rejection> rejected) {
    public LabelReport {
        rejected = List.copyOf(rejected);
    }
}
