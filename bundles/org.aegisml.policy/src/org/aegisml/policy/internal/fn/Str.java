package org.aegisml.policy.internal.fn;

import java.util.Locale;

import org.aegisml.policy.internal.Texts;

/**
 * {@code str:} functions: {@code str:contains(text, part)}, {@code str:icontains(text, part)}
 * (ignoring case), {@code str:any(text, ['a', 'b'])} (any of the words, ignoring case),
 * {@code str:lower(text)}, {@code str:len(text)}. Method calls on values are not part of the
 * policy language (they would reach into Java); these functions are.
 */
public final class Str {
    private Str() {
    }

    public static boolean contains(Object text, String part) {
        String s = Texts.string(text);
        return s != null && part != null && s.contains(part);
    }

    public static boolean icontains(Object text, String part) {
        String s = Texts.string(text);
        return s != null && part != null && s.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }

    public static boolean any(Object text, Object words) {
        String s = Texts.string(text);
        if (s == null || words == null) return false;
        String lower = s.toLowerCase(Locale.ROOT);
        for (Object w : Texts.items(words)) {
            if (w != null && lower.contains(w.toString().toLowerCase(Locale.ROOT))) return true;
        }
        return false;
    }

    public static String lower(Object text) {
        String s = Texts.string(text);
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    public static int len(Object text) {
        String s = Texts.string(text);
        return s == null ? 0 : s.length();
    }
}
