package org.aegisml.policy.internal;

import org.apache.commons.jexl3.JexlException;

/** Messages of evaluation failures, short enough for a decision and an API answer. */
final class Errors {
    private Errors() {
    }

    static String message(Throwable e) {
        Throwable t = e;
        if (t instanceof JexlException j && j.getCause() != null && !(j.getCause() instanceof JexlException)) t = j.getCause();
        String m = t instanceof JexlException j ? j.getMessage() : t.getMessage();
        if (m == null) return t.getClass().getSimpleName();
        // JEXL starts its messages with where in its own code it failed; keep what names the problem.
        int i = m.indexOf(' ');
        if (i > 0 && m.substring(0, i).contains("@")) m = m.substring(i + 1);
        return m.length() > 300 ? m.substring(0, 299) + "…" : m;
    }
}
