package org.aegisml.console.views.internal.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An approval's evidence (a JSON-like tree of maps, lists and values) as indented lines, so that
 * the view can show it in a tree and a test can read it without a screen.
 */
public final class Evidence {
    /** One line: its depth, its key (or list index) and its value when it is a leaf. */
    public record Line(int depth, String key, String value) {
    }

    private Evidence() {
    }

    public static List<Line> lines(Map<String, Object> evidence) {
        List<Line> out = new ArrayList<>();
        walk(evidence, 0, out);
        return out;
    }

    private static void walk(Object node, int depth, List<Line> out) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) entry(String.valueOf(e.getKey()), e.getValue(), depth, out);
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) entry("[" + i + "]", l.get(i), depth, out);
        }
    }

    private static void entry(String key, Object value, int depth, List<Line> out) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            out.add(new Line(depth, key, null));
            walk(value, depth + 1, out);
        } else {
            out.add(new Line(depth, key, value == null ? "null"
                    : value instanceof Double d ? Format.number(d) : String.valueOf(value)));
        }
    }
}
