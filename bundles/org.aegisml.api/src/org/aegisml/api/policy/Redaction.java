package org.aegisml.api.policy;

/**
 * What a {@code redact} rule removes from a text: a built-in {@code detector}
 * ({@code credit_card}, {@code email}, {@code us_ssn}, {@code phone}, {@code iban}) or a
 * regular expression {@code pattern}, each match replaced by {@code replacement}.
 */
public record Redaction(String detector, String pattern, String replacement) {
    public Redaction {
        if (replacement == null) replacement = "[REDACTED]";
    }
}
