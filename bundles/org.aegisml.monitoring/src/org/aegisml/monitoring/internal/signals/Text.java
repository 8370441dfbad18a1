package org.aegisml.monitoring.internal.signals;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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

    private static final int MAX_BUFFERED = 64;
    private static final int MAX_PACKED = 12;
    /** Packed stop words in an open-addressing table (0 is empty: a packed word never is), mostly empty so probes are short. */
    private static final long[] STOP_TABLE = new long[1024];

    static {
        for (String w : STOP_WORDS) {
            long v = pack(w.toCharArray(), w.length());
            int k = slot(v);
            while (STOP_TABLE[k] != 0) k = (k + 1) & (STOP_TABLE.length - 1);
            STOP_TABLE[k] = v;
        }
    }

    private static final byte OTHER = 0, LOWER = 1, UPPER = 2, DIGIT = 3;
    private static final byte[] ASCII_CLASS = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_CLASS[c] = c >= 'a' && c <= 'z' ? LOWER : c >= 'A' && c <= 'Z' ? UPPER : c >= '0' && c <= '9' ? DIGIT : OTHER;
        }
    }

    /** Words that end in a full stop without ending the sentence. */
    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs", "etc",
            "inc", "ltd", "co", "e.g", "i.e", "fig", "no", "approx", "dept", "est", "u.s");

    /**
     * Blocks whose characters have an ASCII compatibility decomposition that attackers use to
     * write Latin text past a filter, or that people write with accents: Latin with diacritics,
     * super- and subscripts, letter-like symbols, enclosed, full-width and mathematical letters.
     */
    private static final int[][] FOLD_BLOCKS = { { 0x00C0, 0x0250 }, { 0x1E00, 0x1F00 }, { 0x2070, 0x20A0 }, { 0x2100, 0x2150 },
            { 0x2460, 0x2500 }, { 0xFB00, 0xFB07 }, { 0xFF01, 0xFF5F }, { 0x1D400, 0x1D800 }, { 0x1F130, 0x1F18A } };
    /** NFKD with the marks dropped, lower-cased, per character of each block; null where that is not ASCII. */
    private static final String[][] FOLDED = new String[FOLD_BLOCKS.length][];

    static {
        for (int b = 0; b < FOLD_BLOCKS.length; b++) {
            int from = FOLD_BLOCKS[b][0];
            FOLDED[b] = new String[FOLD_BLOCKS[b][1] - from];
            for (int cp = from; cp < FOLD_BLOCKS[b][1]; cp++) {
                String d = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKD).replaceAll("\\p{Mn}", "");
                if (!d.isEmpty() && d.chars().allMatch(c -> c < 0x80)) FOLDED[b][cp - from] = d.toLowerCase(Locale.ROOT);
            }
        }
    }

    /** Exactly three digits: "1,000" is one number, "1,2,3" is a list. */
    private static boolean thousandsGroupAt(String s, int i) {
        int n = s.length();
        if (i + 3 > n) return false;
        for (int k = i; k < i + 3; k++) if (!isAsciiDigit(s.charAt(k))) return false;
        return i + 3 == n || !isAsciiDigit(s.charAt(i + 3));
    }

    /** Receives each token of {@link #scan} as a range of the text, with what the scanner saw. */
    @FunctionalInterface
    private interface TokenSink {
        /**
         * @param digits contains a digit
         * @param ascii  only ASCII letters and digits
         * @param commas contains thousands separators
         */
        void token(int start, int end, boolean digits, boolean ascii, boolean commas);
    }

    /**
     * Splits text into runs of letters and digits. A number keeps its decimal point and its
     * thousands separators ("1,000.5" is one token; the consumer drops the commas), so that
     * numbers compare exactly.
     */
    private static void scan(String text, TokenSink sink) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c < 0x80 ? ASCII_CLASS[c] == OTHER : !Character.isLetterOrDigit(text.codePointAt(i))) {
                i++;
                continue;
            }
            int start = i;
            boolean numeric = true;
            boolean digits = false;
            boolean ascii = true;
            boolean commas = false;
            for (; i < n; i++) {
                c = text.charAt(i);
                if (c < 0x80) {
                    byte cls = ASCII_CLASS[c];
                    if (cls == DIGIT) {
                        digits = true;
                    } else if (cls == LOWER || cls == UPPER) {
                        numeric = false;
                    } else if (numeric && c == '.' && i + 1 < n && isAsciiDigit(text.charAt(i + 1))) {
                        ascii = false; // a decimal point
                    } else if (numeric && c == ',' && thousandsGroupAt(text, i + 1)) {
                        commas = true;
                    } else {
                        break;
                    }
                } else {
                    int cp = text.codePointAt(i);
                    if (!Character.isLetterOrDigit(cp)) break;
                    boolean digit = Character.isDigit(cp);
                    numeric &= digit;
                    digits |= digit;
                    ascii = false;
                    i += Character.charCount(cp) - 1;
                }
            }
            sink.token(start, i, digits, ascii, commas);
        }
    }

    /** Lower-cased tokens of {@link #scan}, numbers without thousands separators ("1,000.5" is "1000.5"). */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        scan(text, (start, end, digits, ascii, commas) -> out.add(word(text, start, end, commas)));
        return out;
    }

    private static String word(String text, int start, int end, boolean commas) {
        String w = text.substring(start, end).toLowerCase(Locale.ROOT);
        return commas ? w.replace(",", "") : w;
    }

    /**
     * {@link #words} without stop words and single letters, stemmed; tokens with digits are kept
     * verbatim. Runs on every sentence of every output, so plain ASCII words are lower-cased
     * and stemmed in a scratch buffer and stop words are rejected without allocating.
     */
    static List<String> contentTokens(String text) {
        List<String> out = new ArrayList<>();
        char[] buf = new char[MAX_BUFFERED];
        scan(text, (start, end, digits, ascii, commas) -> {
            int len = end - start;
            if (digits) {
                out.add(word(text, start, end, commas));
            } else if (len <= 1) {
                return;
            } else if (ascii && len <= MAX_BUFFERED) {
                for (int k = 0; k < len; k++) buf[k] = (char) (text.charAt(start + k) | 0x20);
                if (!isStopWord(buf, len)) out.add(new String(buf, 0, stem(buf, len)));
            } else {
                String w = word(text, start, end, false);
                if (!STOP_WORDS.contains(w)) out.add(stem(w));
            }
        });
        return out;
    }

    private static boolean isStopWord(char[] buf, int len) {
        if (len > MAX_PACKED) return false;
        long v = pack(buf, len);
        for (int k = slot(v); STOP_TABLE[k] != 0; k = (k + 1) & (STOP_TABLE.length - 1)) {
            if (STOP_TABLE[k] == v) return true;
        }
        return false;
    }

    private static int slot(long v) {
        return (int) ((v * 0x9E3779B97F4A7C15L) >>> 54); // Fibonacci hashing onto the table's 10 bits
    }

    /** Up to 12 lower-case letters as a long, 5 bits each, so that stop words can be looked up without a String. */
    private static long pack(char[] buf, int len) {
        long v = 0;
        for (int k = 0; k < len; k++) v = (v << 5) | (buf[k] - 'a' + 1);
        return v;
    }

    static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isDigit(s.charAt(i))) return true;
        return false;
    }

    static String stem(String w) {
        char[] b = w.toCharArray();
        return new String(b, 0, stem(b, b.length));
    }

    /**
     * A few English suffix rules (plural, -ing, -ed, silent e), enough for "created", "creates"
     * and "creating" to meet; over-stemming is harmless as both sides get it. Works in place
     * and returns the new length.
     */
    private static int stem(char[] b, int n) {
        if (n <= 3) return n;
        int m = n;
        boolean verbal = false;
        if (n > 4 && (endsWith(b, n, "ies") || endsWith(b, n, "ied"))) {
            b[n - 3] = 'y';
            m = n - 2;
        } else if (n > 5 && endsWith(b, n, "ing")) {
            m = n - 3;
            verbal = true;
        } else if (n > 4 && endsWith(b, n, "ed") && !endsWith(b, n, "eed")) {
            m = n - 2;
            verbal = true;
        } else if (n > 4 && (endsWith(b, n, "sses") || endsWith(b, n, "xes") || endsWith(b, n, "ches") || endsWith(b, n, "shes")
                || endsWith(b, n, "zes"))) {
            m = n - 2;
        } else if (endsWith(b, n, "s") && !endsWith(b, n, "ss") && !endsWith(b, n, "us") && !endsWith(b, n, "is")) {
            m = n - 1;
        }
        if (verbal && m >= 3 && b[m - 1] == b[m - 2] && "lszaeiou".indexOf(b[m - 1]) < 0) m--;
        if (m > 3 && b[m - 1] == 'e') m--;
        return m;
    }

    private static boolean endsWith(char[] b, int n, String suffix) {
        int k = suffix.length();
        if (n < k) return false;
        for (int i = 0; i < k; i++) if (b[n - k + i] != suffix.charAt(i)) return false;
        return true;
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
        return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    private static void addTrimmed(List<String> out, String text, int from, int to) {
        String s = text.substring(from, to).strip();
        if (!s.isEmpty()) out.add(s);
    }

    /**
     * The ASCII a non-ASCII character stands for ("é" is "e", full-width "Ａ" and mathematical
     * bold "𝐀" are "a", "\uFB01" is "fi"), or null. A table built once from NFKD, because
     * normalising every input would cost more than all the pattern matching together.
     */
    static String fold(int cp) {
        for (int b = 0; b < FOLD_BLOCKS.length; b++) {
            if (cp < FOLD_BLOCKS[b][0]) return null;
            if (cp < FOLD_BLOCKS[b][1]) return FOLDED[b][cp - FOLD_BLOCKS[b][0]];
        }
        return null;
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
