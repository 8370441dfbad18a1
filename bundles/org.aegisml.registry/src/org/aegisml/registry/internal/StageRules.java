package org.aegisml.registry.internal;

import java.util.List;
import java.util.Locale;

import org.aegisml.api.ConflictException;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.StageChange;

/**
 * Which stage moves are allowed. Stages only move forward, except that a version can be sent
 * back to staging, and that an archived version which once passed staging may return to
 * production: that is how a rollback to the last stable version is expressed.
 */
final class StageRules {
    private StageRules() {
    }

    static void check(Stage from, Stage to, List<StageChange> history) {
        if (from == to) throw conflict("the version is already in " + name(to));
        switch (to) {
            case NONE -> throw conflict("a version cannot go back to stage none");
            case STAGING, ARCHIVED -> {
                // always allowed from any other stage
            }
            case PRODUCTION -> {
                boolean staged = from == Stage.STAGING || history.stream().anyMatch(c -> c.to() == Stage.STAGING);
                if (!staged) {
                    throw conflict("production requires the version to have been in staging first");
                }
            }
        }
    }

    private static ConflictException conflict(String message) {
        return new ConflictException("stage", message);
    }

    static String name(Stage s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
