package org.aegisml.policy.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** What the expression functions share: text coercion, the detectors, a bounded cache of compiled patterns. */
public final class Texts {
    private static final int MAX_PATTERNS = 1000;
    private static final ConcurrentHashMap<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private Texts() {
    }

    public static String string(Object o) {
        return o == null ? null : o.toString();
    }

    public static Detectors.Detector detector(String name) {
        Detectors.Detector d = name == null ? null : Detectors.ALL.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown detector '" + name + "' (known: " + String.join(", ", detectors()) + ")");
        }
        return d;
    }

    public static Set<String> detectors() {
        return new java.util.TreeSet<>(Detectors.ALL.keySet());
    }

    public static Pattern pattern(String regex) {
        Pattern p = PATTERNS.get(regex);
        if (p != null) return p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression: " + e.getDescription());
        }
        if (PATTERNS.size() < MAX_PATTERNS) PATTERNS.put(regex, p);
        return p;
    }

    public static List<?> items(Object o) {
        if (o instanceof Collection<?> c) return List.copyOf(c);
        if (o instanceof Object[] a) return Arrays.asList(a);
        return List.of(o);
    }
}
