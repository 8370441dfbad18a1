package org.aegisml.api.evaluation;

import java.util.List;

/**
 * Turns feedback into the next dataset version: the rows of {@code fromVersion} (null: the
 * latest) plus one row per selected feedback item with a correction (its call's inputs, the
 * correction as the expected value). {@code feedbackIds} null or empty: every uncurated
 * feedback item with a correction on the model versions the dataset evaluated. When
 * {@code evaluate} is set, the new version is evaluated at once with it (its dataset is
 * replaced by the new version).
 */
public record CurateSpec(Integer fromVersion, List<String> feedbackIds, String description, EvaluationSpec evaluate) {
    public CurateSpec {
        feedbackIds = feedbackIds == null ? List.of() : List.copyOf(feedbackIds);
    }
}
