package org.aegisml.api.alerting;

import java.time.Instant;

import org.aegisml.api.PageRequest;

/**
 * A history query: episodes of one rule (null: any), in one state (null: any), that started
 * in {@code [from, to)} (null bounds: open), newest first.
 */
public record AlertQuery(String ruleId, AlertState state, Instant from, Instant to, PageRequest page) {
    public AlertQuery {
        if (page == null) page = PageRequest.first();
    }
}
