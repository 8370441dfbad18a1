package org.aegisml.monitoring.internal.signals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Text helpers shared by the signal scorers. Everything here is deliberately simple and
 * allocation-light: it runs on the ingest path for every LLM event, and the scorers only need
 * the two sides of a comparison to be treated the same way, not linguistic accuracy.
 */
final class Text {
    private Text() {
    }

    /** English function words and chat filler; they carry no claim, so overlap on them proves nothing. */
    static final Set<String> STOP_WORDS = Set.copyOf(Arrays.asList(("a about above after again against all also am an and any are"
            + " as at be because been before being below between both but by can could did do does doing down during each"
            + " few for from further had has have having he her here hers herself him himself his how however i if in into"
            + " is it its itself just let me more most my myself no nor not now of off on once only or other our ours"
            + " ourselves out over own same she should so some such than that the their theirs them themselves then there"
            + " therefore these they this those through thus to too under until up very was we were what when where which"
            + " while who whom why will with would you your yours yourself yourselves s t d ll m re ve may might must shall"
            + " yes okay ok sure certainly course indeed well via per").split(" ")));

    /** Words that end in a full stop without ending the sentence. */
    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs", "etc",
            "inc", "ltd", "co", "e.g", "i.e", "fig", "no", "approx", "dept", "est", "u.s");

    /**
     * Lower-cased runs of letters and digits. A number keeps its decimal point and loses its
     * thousands separators ("1,000.5" is "1000.5"), so that numbers compare exactly.
     */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        StringBuilder b = new StringBuilder();
        boolean numeric = false;
        int n = text.length();
        for (int i = 0; i < n; ) {
            int cp = text.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                if (b.isEmpty()) numeric = true;
                numeric &= Character.isDigit(cp);
                b.appendCodePoint(Character.toLowerCase(cp));
            } else if (numeric && !b.isEmpty() && cp == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1))) {
                b.append('.');
            } else if (!b.isEmpty() && !(numeric && cp == ',' && thousandsGroupAt(text, i + 1))) {
                out.add(b.toString());
                b.setLength(0);
            }
            i += Character.charCount(cp);
        }
        if (!b.isEmpty()) out.add(b.toString());
        return out;
    }

    /** Exactly three digits: "1,000" is one number, "1,2,3" is a list. */
    private static boolean thousandsGroupAt(String s, int i) {
        int n = s.length();
        if (i + 3 > n) return false;
        for (int k = i; k < i + 3; k++) if (!Character.isDigit(s.charAt(k))) return false;
        return i + 3 == n || !Character.isDigit(s.charAt(i + 3));
    }

    /** {@link #words} without stop words and single letters, stemmed; numbers are kept verbatim. */
    static List<String> contentTokens(String text) {
        List<String> words = words(text);
        List<String> out = new ArrayList<>(words.size());
        for (String w : words) {
            if (hasDigit(w)) out.add(w);
            else if (w.length() > 1 && !STOP_WORDS.contains(w)) out.add(stem(w));
        }
        return out;
    }

    static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isDigit(s.charAt(i))) return true;
        return false;
    }

    /**
     * A few English suffix rules (plural, -ing, -ed, silent e), enough for "created",
     * "creates" and "creating" to meet; over-stemming is harmless as both sides get it.
     */
    static String stem(String w) {
        int n = w.length();
        if (n <= 3) return w;
        String s = w;
        boolean verbal = false;
        if (n > 4 && (s.endsWith("ies") || s.endsWith("ied"))) {
            s = s.substring(0, n - 3) + "y";
        } else if (n > 5 && s.endsWith("ing")) {
            s = s.substring(0, n - 3);
            verbal = true;
        } else if (n > 4 && s.endsWith("ed") && !s.endsWith("eed")) {
            s = s.substring(0, n - 2);
            verbal = true;
        } else if (n > 4 && (s.endsWith("sses") || s.endsWith("xes") || s.endsWith("ches") || s.endsWith("shes") || s.endsWith("zes"))) {
            s = s.substring(0, n - 2);
        } else if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) {
            s = s.substring(0, n - 1);
        }
        int m = s.length();
        if (verbal && m >= 3 && s.charAt(m - 1) == s.charAt(m - 2) && "lszaeiou".indexOf(s.charAt(m - 1)) < 0) {
            s = s.substring(0, m - 1);
        }
        if (s.length() > 3 && s.endsWith("e")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /**
     * Sentences: text up to a terminal mark followed by white space (not "3.5", not "e.g."),
     * and every line on its own, since list items and headings rarely end in a full stop.
     */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        int n = text.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean end = c == '\n';
            if (c == '.' || c == '!' || c == '?' || c == '\u2026') {
                int j = i + 1;
                while (j < n && ".!?\"')]\u201d\u2019".indexOf(text.charAt(j)) >= 0) j++;
                if ((j == n || Character.isWhitespace(text.charAt(j))) && !(c == '.' && abbreviationBefore(text, start, i))) {
                    end = true;
                    i = j - 1;
                }
            }
            if (end) {
                addTrimmed(out, text, start, i + 1);
                start = i + 1;
            }
        }
        addTrimmed(out, text, start, n);
        return out;
    }

    private static boolean abbreviationBefore(String text, int from, int dot) {
        int k = dot;
        while (k > from && (Character.isLetter(text.charAt(k - 1)) || text.charAt(k - 1) == '.')) k--;
        String word = text.substring(k, dot);
        if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) return true; // an initial: "J. Smith"
        return ABBREVIATIONS.contains(word.toLowerCase(java.util.Locale.ROOT));
    }

    private static void addTrimmed(List<String> out, String text, int from, int to) {
        String s = text.substring(from, to).strip();
        if (!s.isEmpty()) out.add(s);
    }

    /** Luhn checksum over a string of ASCII digits. */
    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /**
     * ISO 13616 check: the IBAN (upper-case, no spaces) with its first four characters moved to
     * the end and letters read as 10..35 is 1 mod 97. Folded digit by digit to stay in an int.
     */
    static boolean ibanChecksumValid(CharSequence iban) {
        int n = iban.length();
        if (n < 5) return false;
        int r = 0;
        for (int k = 0; k < n; k++) {
            char c = iban.charAt((k + 4) % n);
            if (c >= '0' && c <= '9') r = (r * 10 + (c - '0')) % 97;
            else if (c >= 'A' && c <= 'Z') r = (r * 100 + (c - 'A' + 10)) % 97;
            else return false;
        }
        return r == 1;
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiAlnum(char c) {
        return isAsciiLetter(c) || isAsciiDigit(c);
    }

    /** Lower-cases A-Z only, so that indexes into the result are indexes into the original. */
    static String asciiLower(String s) {
        char[] cs = s.toCharArray();
        for (int i = 0; i < cs.length; i++) if (cs[i] >= 'A' && cs[i] <= 'Z') cs[i] += 32;
        return new String(cs);
    }
}
