package org.aegisml.policy.internal.fn;

import org.aegisml.policy.internal.Texts;

/**
 * {@code pii:} functions of rule expressions: {@code pii:count(text, 'credit_card')},
 * {@code pii:has(text, 'email')}, {@code pii:any(text)} over the built-in detectors
 * ({@code credit_card} with its Luhn check, {@code email}, {@code us_ssn}, {@code phone},
 * {@code iban}). A null text has no PII.
 */
public final class Pii {
    private Pii() {
    }

    public static int count(Object text, String detector) {
        return Texts.detector(detector).count(Texts.string(text));
    }

    public static boolean has(Object text, String detector) {
        return count(text, detector) > 0;
    }

    public static boolean any(Object text) {
        String s = Texts.string(text);
        if (s == null) return false;
        for (String d : Texts.detectors()) if (Texts.detector(d).count(s) > 0) return true;
        return false;
    }
}
