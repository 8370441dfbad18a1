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
        Aggregate q = new Aggregate();
        q.labelled = 1;
        Object pred = Payloads.prediction(event.payload());
        if (pred == null) return q;
        if (pred instanceof Double p && yTrue instanceof Double t) {
            q.numericLabelled = 1;
            q.absError = Math.abs(p - t);
            q.squaredError = (p - t) * (p - t);
            if (p == Math.rint(p) && t == Math.rint(t)) {
                q.classLabelled = 1;
                q.correct = p.equals(t) ? 1 : 0;
            }
        } else {
            q.classLabelled = 1;
            q.correct = asClass(pred).equals(asClass(yTrue)) ? 1 : 0;
        }
        return q;
    }

    private static String asClass(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        return v.toString();
    }
}
