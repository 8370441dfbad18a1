package org.aegisml.monitoring.internal;

import org.aegisml.api.store.MonitoringRepository.EventRow;

/**
 * What one label adds to its event's summaries: for two numbers the absolute and squared
 * error (regression), and whenever the prediction and the label can be compared as classes
 * (strings, or whole numbers such as 0/1) whether they agree (classification).
 */
final class Quality {
    private Quality() {
    }

    static Aggregate of(EventRow event, Object yTrue) {
        return of(Payloads.prediction(event.payload()), yTrue);
    }

    /** A prediction (Double, String or null) against its label (Double or String). */
    static Aggregate of(Object pred, Object yTrue) {
        Aggregate q = new Aggregate();
        add(q, pred, yTrue);
        return q;
    }

    /** Adds one labelled prediction to {@code q}'s quality counters. */
    static void add(Aggregate q, Object pred, Object yTrue) {
        q.labelled++;
        if (pred == null) return;
        if (pred instanceof Double p && yTrue instanceof Double t) {
            q.numericLabelled++;
            q.absError += Math.abs(p - t);
            q.squaredError += (p - t) * (p - t);
            if (p == Math.rint(p) && t == Math.rint(t)) {
                q.classLabelled++;
                if (p.equals(t)) q.correct++;
            }
        } else {
            q.classLabelled++;
            if (asClass(pred).equals(asClass(yTrue))) q.correct++;
        }
    }

    static String asClass(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        return v.toString();
    }
}
