package org.aegisml.evaluation.internal;

import java.util.Locale;
import java.util.Map;

/**
 * How outputs and expected values are compared across the shapes they arrive in: a CSV cell is
 * text or a number, a JSON answer may say {@code 1}, {@code 1.0} or {@code "1"}. Labels are
 * compared as normalized text, so all three are the same class.
 */
final class Values {
    private Values() {
    }

    /** A class label as text: integral numbers without a decimal point, text stripped. Null stays null. */
    static String label(Object v) {
        if (v == null) return null;
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
            return Double.toString(d);
        }
        return v.toString().strip();
    }

    /** A number, or null when the value is not one (text that parses counts). */
    static Double number(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) {
            try {
                double d = Double.parseDouble(s.strip());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (v instanceof Boolean b) return b ? 1.0 : 0.0;
        return null;
    }

    /** Output text: a string as it is, anything else as its JSON-ish text. */
    static String text(Object v) {
        if (v == null) return null;
        if (v instanceof String s) return s;
        if (v instanceof Map<?, ?> || v instanceof java.util.List<?>) return Json.write(v);
        return label(v);
    }

    static String option(Map<String, Object> options, String name, String dflt) {
        Object v = options.get(name);
        return v == null ? dflt : v.toString();
    }

    static double option(Map<String, Object> options, String name, double dflt) {
        Double d = number(options.get(name));
        return d == null ? dflt : d;
    }

    static boolean flag(Map<String, Object> options, String name, boolean dflt) {
        Object v = options.get(name);
        if (v == null) return dflt;
        return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString().toLowerCase(Locale.ROOT));
    }
}
