package org.aegisml.monitoring.internal.signals;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.LlmSignalScorer;
import org.aegisml.api.monitoring.SignalScore;
import org.osgi.service.component.annotations.Component;

/**
 * Personal data and credentials in the input or the output: e-mail addresses, phone numbers,
 * payment card numbers (Luhn-checked), IBANs (length and mod-97 checked), and cloud and API
 * secrets. Findings name the location and the kind ({@code output:email}), never the value.
 * <p>
 * The text is walked by hand rather than with one regular expression per kind: most kinds
 * hang off a rare anchor ('@', a digit, a fixed key prefix) found with {@code indexOf}, and
 * the checksums throw out most look-alikes that a pattern alone would report.
 */
@Component(service = LlmSignalScorer.class)
public final class PiiScorer implements LlmSignalScorer {
    enum Kind {
        EMAIL, PHONE, CREDIT_CARD, IBAN, AWS_ACCESS_KEY, AWS_SECRET_KEY, GCP_API_KEY, PRIVATE_KEY, AZURE_STORAGE_KEY, OPENAI_API_KEY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** IBAN length by country (ISO 13616 registry), indexed by {@link #country}; 0: not an IBAN country. */
    private static final int[] IBAN_LENGTHS = ibanLengths("AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27"
            + " BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27"
            + " GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22"
            + " MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19"
            + " SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30");

    /** North American numbering plan: (555) 123-4567, 555-123-4567, +1 555 123 4567. */
    private static final Pattern NANP = Pattern.compile("(?:\\+?1[ .-]?)?(?:\\(\\d{3}\\)|\\d{3})[ .-]?\\d{3}[ .-]\\d{4}");
    /** National formats with a trunk 0 and grouped digits: 020 7946 0958, 06 12 34 56 78, (030) 1234567. */
    private static final Pattern TRUNK = Pattern.compile("\\(?0\\d{1,4}\\)?(?:[ .\\-/]{1,2}\\(?\\d{2,8}\\)?){1,5}");
    /** Dates read like trunk numbers (01.02.2024 12); they are not phones. */
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}\\b.*", Pattern.DOTALL);
    /** Without separators a digit string is a phone only when the text says so just before it. */
    private static final Pattern PHONE_CUE = Pattern.compile("\\b(?:phone|tel|telephone|mobile|call|cell|fax|whatsapp|sms)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN (?:[A-Z0-9]+ ){0,2}PRIVATE KEY-----");
    private static final String[] AWS_SECRET_CUES = { "aws_secret", "aws secret", "aws-secret", "secret_access_key", "secretaccesskey" };
    private static final String[] AZURE_KEY_CUES = { "accountkey=", "sharedaccesskey=" };
    /** How far after its label an AWS secret key may appear ("aws_secret_access_key = ..."). */
    private static final int AWS_SECRET_REACH = 120;
    /** Most digit groups in a card or phone number ("+33 6 12 34 56 78"); bounds the spans tried in a long run. */
    private static final int MAX_GROUPS = 6;
    /** Longer than any real "sk-" key; bounds the scan of a run of key characters. */
    private static final int MAX_API_KEY = 256;

    @Override
    public String signal() {
        return "pii";
    }

    @Override
    public SignalScore score(LlmCall call) {
        List<String> findings = new ArrayList<>();
        addFindings("input", call.input(), findings);
        addFindings("output", call.output(), findings);
        return findings.isEmpty() ? SignalScore.NONE : new SignalScore(1, findings);
    }

    private static void addFindings(String location, String text, List<String> findings) {
        if (text == null) return;
        for (Kind k : detect(text)) findings.add(location + ":" + k.label());
    }

    static EnumSet<Kind> detect(String s) {
        EnumSet<Kind> found = EnumSet.noneOf(Kind.class);
        if (hasEmail(s)) found.add(Kind.EMAIL);
        List<int[]> accounts = ibanShaped(s);
        for (int[] a : accounts) if (a[2] == 1) found.add(Kind.IBAN);
        digitRuns(s, accounts, found);
        secrets(s, found);
        return found;
    }

    private static boolean hasEmail(String s) {
        int n = s.length();
        for (int at = s.indexOf('@'); at >= 0; at = s.indexOf('@', at + 1)) {
            int l = at;
            while (l > 0 && isLocalPartChar(s.charAt(l - 1))) l--;
            if (l == at || at - l > 64) continue;
            int labels = 0;
            boolean alphaTld = false;
            int q = at + 1;
            for (int p = q; ; ) {
                boolean alpha = true;
                while (q < n && (Text.isAsciiAlnum(s.charAt(q)) || s.charAt(q) == '-')) alpha &= Text.isAsciiLetter(s.charAt(q++));
                if (q == p) break;
                labels++;
                alphaTld = alpha && q - p >= 2;
                // A dot ends the domain unless a label follows, so a sentence's full stop is not part of it.
                if (q + 1 < n && s.charAt(q) == '.' && Text.isAsciiAlnum(s.charAt(q + 1))) p = ++q;
                else break;
            }
            // "git@github.com:org/repo" is an SSH target, not a mailbox.
            boolean sshTarget = q + 1 < n && s.charAt(q) == ':' && !Character.isWhitespace(s.charAt(q + 1));
            if (labels >= 2 && alphaTld && !sshTarget) return true;
        }
        return false;
    }

    private static boolean isLocalPartChar(char c) {
        return Text.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    /**
     * Splits the text into runs of digit groups ("+44 (20) 7946-0958", "4111 1111 1111 1111
     * 12/25") and tests every contiguous span of groups, so that a card number followed by its
     * expiry date, or a phone number after a year, is still found. A run glued to a letter is
     * part of an identifier (a UUID, a hash, a SKU) and is skipped, and so is the BBAN of an
     * IBAN-shaped account number, valid or not, whose digit groups look like a phone number.
     */
    private static void digitRuns(String s, List<int[]> accounts, EnumSet<Kind> found) {
        int n = s.length();
        List<int[]> groups = new ArrayList<>(); // {text start (with '+' or '('), text end, digits start, digits end}
        int nextAccount = 0;
        for (int i = 0; i < n; ) {
            if (nextAccount < accounts.size() && i >= accounts.get(nextAccount)[0]) {
                i = Math.max(i, accounts.get(nextAccount++)[1]);
                continue;
            }
            char c = s.charAt(i);
            boolean opens = Text.isAsciiDigit(c) || ((c == '+' || c == '(') && i + 1 < n && Text.isAsciiDigit(s.charAt(i + 1)));
            if (!opens || (i > 0 && Character.isLetterOrDigit(s.charAt(i - 1)))) {
                i++;
                continue;
            }
            groups.clear();
            int pos = i;
            while (true) {
                int start = pos;
                if (s.charAt(pos) == '+' || s.charAt(pos) == '(') pos++;
                int digitsStart = pos;
                while (pos < n && Text.isAsciiDigit(s.charAt(pos))) pos++;
                int digitsEnd = pos;
                if (pos < n && s.charAt(pos) == ')') pos++;
                groups.add(new int[] { start, pos, digitsStart, digitsEnd });
                int k = pos;
                while (k < n && k - pos < 2 && " .-/".indexOf(s.charAt(k)) >= 0) k++;
                boolean more = k > pos && k < n && (Text.isAsciiDigit(s.charAt(k))
                        || (s.charAt(k) == '(' && k + 1 < n && Text.isAsciiDigit(s.charAt(k + 1))));
                if (!more) break;
                pos = k;
            }
            int end = groups.getLast()[1];
            if (end >= n || !Character.isLetter(s.charAt(end))) classifyRun(s, groups, found);
            i = end;
        }
    }

    private static void classifyRun(String s, List<int[]> groups, EnumSet<Kind> found) {
        StringBuilder digits = new StringBuilder(19);
        for (int a = 0; a < groups.size(); a++) {
            digits.setLength(0);
            for (int b = a; b < groups.size() && b - a < MAX_GROUPS; b++) {
                int[] g = groups.get(b);
                digits.append(s, g[2], g[3]);
                if (digits.length() > 19) break;
                String span = s.substring(groups.get(a)[0], g[1]);
                if (isCard(span, digits)) {
                    found.add(Kind.CREDIT_CARD);
                    return; // the groups of a card number are not also a phone number
                }
                if (!found.contains(Kind.PHONE) && isPhone(s, groups.get(a)[0], span, digits.length(), b > a, a == 0)) {
                    found.add(Kind.PHONE);
                }
            }
        }
    }

    private static boolean isCard(String span, CharSequence digits) {
        int n = digits.length();
        if (n < 13 || n > 19) return false;
        for (int i = 0; i < span.length(); i++) {
            char c = span.charAt(i);
            if (!Text.isAsciiDigit(c) && c != ' ' && c != '-') return false;
        }
        return hasCardPrefix(digits) && Text.luhn(digits);
    }

    /** Issuer prefixes of the major networks, so that a Luhn-valid order number is rarely taken for a card. */
    private static boolean hasCardPrefix(CharSequence d) {
        int two = (d.charAt(0) - '0') * 10 + (d.charAt(1) - '0');
        int four = two * 100 + (d.charAt(2) - '0') * 10 + (d.charAt(3) - '0');
        return d.charAt(0) == '4' // Visa
                || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) // Mastercard
                || two == 34 || two == 37 // American Express
                || two == 30 || two == 36 || two == 38 // Diners Club
                || two == 35 // JCB
                || two == 62 // UnionPay
                || four == 6011 || two == 65 || (four >= 6440 && four <= 6499); // Discover
    }

    private static boolean isPhone(String s, int start, String span, int digits, boolean grouped, boolean runStart) {
        if (digits < 9 || digits > 15) return false;
        if (span.charAt(0) == '+') return true;
        if (grouped) {
            if (span.startsWith("00")) return runStart && digits >= 11;
            return NANP.matcher(span).matches() || (TRUNK.matcher(span).matches() && digits <= 12 && !DATE_LIKE.matcher(span).matches());
        }
        return digits <= 13 && PHONE_CUE.matcher(s).region(Math.max(0, start - 30), start).find();
    }

    /**
     * Account numbers shaped like an IBAN of a known country and its exact length, as {start,
     * end, 1 if the mod-97 check passes else 0}.
     */
    private static List<int[]> ibanShaped(String s) {
        List<int[]> out = new ArrayList<>(0);
        int n = s.length();
        StringBuilder iban = new StringBuilder(34);
        for (int i = 0; i < n; ) {
            if (!Text.isAsciiAlnum(s.charAt(i))) {
                i++;
                continue;
            }
            int[] account = ibanAt(s, i, iban);
            if (account != null) {
                out.add(account);
                i = account[1];
            } else {
                while (i < n && Text.isAsciiAlnum(s.charAt(i))) i++; // an IBAN starts a word: skip the rest of this one
            }
        }
        return out;
    }

    /** The IBAN-shaped account number starting at {@code i}, the start of a word, or null. */
    private static int[] ibanAt(String s, int i, StringBuilder iban) {
        int n = s.length();
        if (i + 4 > n || !(Text.isAsciiLetter(s.charAt(i)) && Text.isAsciiLetter(s.charAt(i + 1))
                && Text.isAsciiDigit(s.charAt(i + 2)) && Text.isAsciiDigit(s.charAt(i + 3)))) {
            return null;
        }
        int length = IBAN_LENGTHS[country(s.charAt(i), s.charAt(i + 1))];
        if (length == 0) return null;
        // Printed IBANs are grouped by single spaces; take exactly the country's length and require a word end.
        iban.setLength(0);
        int k = i;
        while (k < n && iban.length() < length) {
            char c = s.charAt(k);
            if (Text.isAsciiAlnum(c)) iban.append(Character.toUpperCase(c));
            else if (c != ' ' || k + 1 >= n || !Text.isAsciiAlnum(s.charAt(k + 1))) break;
            k++;
        }
        if (iban.length() < length || (k < n && Text.isAsciiAlnum(s.charAt(k)))) return null;
        return new int[] { i, k, Text.ibanChecksumValid(iban) ? 1 : 0 };
    }

    private static void secrets(String s, EnumSet<Kind> found) {
        if (keyWithPrefix(s, "AKIA", 16, PiiScorer::isUpperAlnum) || keyWithPrefix(s, "ASIA", 16, PiiScorer::isUpperAlnum)) {
            found.add(Kind.AWS_ACCESS_KEY);
        }
        if (keyWithPrefix(s, "AIza", 35, PiiScorer::isKeyChar)) found.add(Kind.GCP_API_KEY);
        if (hasOpenAiKey(s)) found.add(Kind.OPENAI_API_KEY);
        for (int i = s.indexOf("-----BEGIN "); i >= 0; i = s.indexOf("-----BEGIN ", i + 1)) {
            if (PRIVATE_KEY.matcher(s).region(i, Math.min(s.length(), i + 64)).lookingAt()) {
                found.add(Kind.PRIVATE_KEY);
                break;
            }
        }
        // Every label below contains "ecret" or "ey=", in lower or upper case ("Secret", "SECRET", "Key=", "KEY=");
        // most texts have neither and are spared the lower-cased copy.
        if (s.indexOf("ecret") < 0 && s.indexOf("ECRET") < 0 && s.indexOf("ey=") < 0 && s.indexOf("EY=") < 0) return;
        String lower = Text.asciiLower(s);
        for (String cue : AZURE_KEY_CUES) {
            for (int i = lower.indexOf(cue); i >= 0 && !found.contains(Kind.AZURE_STORAGE_KEY); i = lower.indexOf(cue, i + 1)) {
                int from = i + cue.length();
                if (span(s, from, PiiScorer::isBase64Char, 40) == 40) found.add(Kind.AZURE_STORAGE_KEY);
            }
        }
        for (String cue : AWS_SECRET_CUES) {
            for (int i = lower.indexOf(cue); i >= 0 && !found.contains(Kind.AWS_SECRET_KEY); i = lower.indexOf(cue, i + 1)) {
                if (hasAwsSecretNear(s, i + cue.length())) found.add(Kind.AWS_SECRET_KEY);
            }
        }
    }

    /** An AWS secret access key: exactly 40 base64 characters of mixed case, shortly after its label. */
    private static boolean hasAwsSecretNear(String s, int from) {
        int to = Math.min(s.length(), from + AWS_SECRET_REACH);
        for (int i = from; i < to; ) {
            int len = span(s, i, PiiScorer::isBase64Char, 41);
            if (len == 0) {
                i++;
                continue;
            }
            if (len == 40 && (i == 0 || !isBase64Char(s.charAt(i - 1)))) {
                boolean upper = false, lower = false;
                for (int k = i; k < i + 40; k++) {
                    upper |= Character.isUpperCase(s.charAt(k));
                    lower |= Character.isLowerCase(s.charAt(k));
                }
                if (upper && lower) return true;
            }
            i += len;
        }
        return false;
    }

    /** A fixed prefix followed by exactly {@code length} key characters, standing as a word of its own. */
    private static boolean keyWithPrefix(String s, String prefix, int length, CharPredicate keyChar) {
        for (int i = s.indexOf(prefix); i >= 0; i = s.indexOf(prefix, i + 1)) {
            if (i > 0 && isKeyChar(s.charAt(i - 1))) continue;
            int from = i + prefix.length();
            if (span(s, from, keyChar, length + 1) == length && (from + length >= s.length() || !isKeyChar(s.charAt(from + length)))) {
                return true;
            }
        }
        return false;
    }

    /** OpenAI-style "sk-..." keys (also sk-proj-, sk-svcacct-): random, so letters and digits both occur. */
    private static boolean hasOpenAiKey(String s) {
        for (int i = s.indexOf("sk-"); i >= 0; i = s.indexOf("sk-", i + 1)) {
            if (i > 0 && isKeyChar(s.charAt(i - 1))) continue;
            int from = i + 3;
            int len = span(s, from, PiiScorer::isKeyChar, MAX_API_KEY);
            if (len < 20) continue;
            boolean letter = false, digit = false;
            for (int k = from; k < from + len; k++) {
                letter |= Text.isAsciiLetter(s.charAt(k));
                digit |= Text.isAsciiDigit(s.charAt(k));
            }
            if (letter && digit) return true;
        }
        return false;
    }

    @FunctionalInterface
    private interface CharPredicate {
        boolean test(char c);
    }

    /** How many characters from {@code from} satisfy {@code p}, counting no further than {@code max}. */
    private static int span(String s, int from, CharPredicate p, int max) {
        int to = Math.min(s.length(), from + max);
        int k = from;
        while (k < to && p.test(s.charAt(k))) k++;
        return k - from;
    }

    private static boolean isUpperAlnum(char c) {
        return (c >= 'A' && c <= 'Z') || Text.isAsciiDigit(c);
    }

    private static boolean isKeyChar(char c) {
        return Text.isAsciiAlnum(c) || c == '_' || c == '-';
    }

    private static boolean isBase64Char(char c) {
        return Text.isAsciiAlnum(c) || c == '+' || c == '/';
    }

    private static int[] ibanLengths(String table) {
        int[] lengths = new int[26 * 26];
        for (String e : table.split(" ")) lengths[country(e.charAt(0), e.charAt(1))] = Integer.parseInt(e.substring(2));
        return lengths;
    }

    /** Two ASCII letters, either case, as an index 0..675. */
    private static int country(char a, char b) {
        return (Character.toUpperCase(a) - 'A') * 26 + (Character.toUpperCase(b) - 'A');
    }
}
