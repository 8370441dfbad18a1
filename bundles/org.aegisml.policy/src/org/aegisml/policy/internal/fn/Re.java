package org.aegisml.policy.internal.fn;

import org.aegisml.policy.internal.Texts;

/** {@code re:} functions: {@code re:find(text, 'pattern')} and {@code re:count(text, 'pattern')} (Java regular expressions, compiled once). */
public final class Re {
    private Re() {
    }

    public static boolean find(Object text, String pattern) {
        String s = Texts.string(text);
        return s != null && Texts.pattern(pattern).matcher(s).find();
    }

    public static int count(Object text, String pattern) {
        String s = Texts.string(text);
        if (s == null) return 0;
        int n = 0;
        java.util.regex.Matcher m = Texts.pattern(pattern).matcher(s);
        while (m.find()) n++;
        return n;
    }
}
