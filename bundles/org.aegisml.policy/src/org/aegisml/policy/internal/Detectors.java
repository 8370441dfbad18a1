package org.aegisml.policy.internal;

import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Built-in detectors of sensitive data in text, shared by the {@code pii:} functions of rule
 * expressions and by {@code redact} rules. A detector is a pattern plus, where the format
 * has one, a checksum: a card number is 13 to 19 digits (spaces or dashes between groups)
 * that pass the Luhn check, so an order number of the same length is not redacted.
 */
public final class Detectors {
    public record Detector(String name, Pattern pattern, Predicate<String> valid) {
        public int count(CharSequence text) {
            if (text == null) return 0;
            int n = 0;
            Matcher m = pattern.matcher(text);
            while (m.find()) if (valid.test(m.group())) n++;
            return n;
        }

        public String redact(String text, String replacement) {
            if (text == null) return null;
            Matcher m = pattern.matcher(text);
            StringBuilder b = null;
            int last = 0;
            while (m.find()) {
                if (!valid.test(m.group())) continue;
                if (b == null) b = new StringBuilder(text.length());
                b.append(text, last, m.start()).append(replacement);
                last = m.end();
            }
            if (b == null) return text;
            return b.append(text, last, text.length()).toString();
        }
    }

    static final Map<String, Detector> ALL = Map.of(
            "credit_card", new Detector("credit_card", Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])"), Detectors::luhn),
            "email", new Detector("email", Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"), s -> true),
            "us_ssn", new Detector("us_ssn", Pattern.compile("(?<!\\d)(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?!\\d)"), s -> true),
            "phone", new Detector("phone", Pattern.compile("(?<![\\w+])\\+?\\d{1,3}?[ .-]?\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}(?!\\d)"), s -> true),
            "iban", new Detector("iban", Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b"), Detectors::iban));

    private Detectors() {
    }

    static boolean luhn(String s) {
        int sum = 0;
        int digits = 0;
        boolean twice = false;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') continue;
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            digits++;
            twice = !twice;
        }
        return digits >= 13 && digits <= 19 && sum % 10 == 0;
    }

    /** ISO 13616 check digits: the rearranged number mod 97 is 1. */
    static boolean iban(String s) {
        String compact = s.replace(" ", "");
        String r = compact.substring(4) + compact.substring(0, 4);
        int mod = 0;
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            mod = v > 9 ? (mod * 100 + v) % 97 : (mod * 10 + v) % 97;
        }
        return mod == 1;
    }
}
