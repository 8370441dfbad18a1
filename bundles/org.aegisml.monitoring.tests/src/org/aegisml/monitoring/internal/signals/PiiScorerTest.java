package org.aegisml.monitoring.internal.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;

import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.SignalScore;
import org.aegisml.monitoring.internal.signals.PiiScorer.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiScorerTest {
    private final PiiScorer scorer = new PiiScorer();

    private static EnumSet<Kind> detect(String text) {
        return PiiScorer.detect(text);
    }

    @Test
    void findingsNameLocationAndKindOnceAndNeverTheValue() {
        String secret = "AKIAIOSFODNN7EXAMPLE";
        SignalScore s = scorer.score(new LlmCall("m", "Mail jane.doe@example.com or bob@example.org, key " + secret,
                "Card 4111 1111 1111 1111 on file; also 5555-5555-5555-4444.", List.of(), List.of()));
        assertEquals(1.0, s.score());
        assertEquals(List.of("input:email", "input:aws_access_key", "output:credit_card"), s.findings());
        for (String f : s.findings()) {
            assertFalse(f.contains(secret) || f.contains("4111") || f.contains("example"), f);
        }
    }

    @Test
    void nothingFoundScoresZero() {
        SignalScore s = scorer.score(new LlmCall("m", "What is the capital of France?", "Paris.", List.of(), List.of()));
        assertEquals(SignalScore.NONE, s);
        assertEquals(SignalScore.NONE, scorer.score(new LlmCall("m", null, null, null, null)));
    }

    @Test
    void cardNumbersNeedAValidLuhnChecksum() {
        assertEquals(EnumSet.of(Kind.CREDIT_CARD), detect("card: 4111 1111 1111 1111"));
        assertEquals(EnumSet.of(Kind.CREDIT_CARD), detect("card 4111-1111-1111-1111 exp 12/25 cvc 123"));
        assertEquals(EnumSet.of(Kind.CREDIT_CARD), detect("amex 378282246310005."));
        assertEquals(EnumSet.noneOf(Kind.class), detect("card: 4111 1111 1111 1112"));
        assertEquals(EnumSet.noneOf(Kind.class), detect("card: 4111111111111112"));
    }

    @Test
    void luhnChecksum() {
        assertTrue(Text.luhn("4111111111111111"));
        assertTrue(Text.luhn("79927398713"));
        assertFalse(Text.luhn("4111111111111112"));
        assertFalse(Text.luhn("79927398710"));
    }

    @Test
    void ibansNeedTheirCountryLengthAndAValidMod97() {
        assertEquals(EnumSet.of(Kind.IBAN), detect("Pay to GB82 WEST 1234 5698 7654 32 please."));
        assertEquals(EnumSet.of(Kind.IBAN), detect("IBAN: DE89 3704 0044 0532 0130 00"));
        assertEquals(EnumSet.of(Kind.IBAN), detect("iban DE89370400440532013000"));
        assertEquals(EnumSet.noneOf(Kind.class), detect("Pay to GB83 WEST 1234 5698 7654 32 please."));
        assertEquals(EnumSet.noneOf(Kind.class), detect("IBAN: DE88 3704 0044 0532 0130 00"));
        assertTrue(Text.ibanChecksumValid("GB82WEST12345698765432"));
        assertFalse(Text.ibanChecksumValid("GB82WEST12345698765433"));
    }

    @Test
    void emails() {
        assertEquals(EnumSet.of(Kind.EMAIL), detect("Write to first.last+tag@mail.example.co.uk."));
        assertEquals(EnumSet.of(Kind.EMAIL), detect("Reach me at a.b@c.io: any time."));
        assertEquals(EnumSet.noneOf(Kind.class), detect("Use @Override, user@localhost, an @ sign and git@github.com:org/repo.git"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Call me on +44 20 7946 0958.", "+1 (555) 123-4567", "(555) 123-4567", "555-123-4567",
            "Tel. 020 7946 0958", "06 12 34 56 78 ou 07.12.34.56.78", "ruf an: 0151 12345678", "+4915112345678",
            "mobile: 07700900123", "0049 30 1234567" })
    void phoneNumbers(String text) {
        assertEquals(EnumSet.of(Kind.PHONE), detect(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = { "Order 123456789012 has shipped.", "Order 0123456789 has shipped.", "Released on 2024-01-15 10:30.",
            "Meeting 01.02.2024 12 people", "Server 192.168.100.200 is down.", "id 550e8400-e29b-41d4-a716-446655440000",
            "Scores: 10 20 30 40 50 60", "Revenue 1,234,567,890 USD", "SKU A1234567890B", "Version 1.2.3.4567890" })
    void numbersThatAreNotPhones(String text) {
        assertEquals(EnumSet.noneOf(Kind.class), detect(text), text);
    }

    @Test
    void cloudAndApiSecrets() {
        assertEquals(EnumSet.of(Kind.AWS_ACCESS_KEY), detect("aws_access_key_id = AKIAIOSFODNN7EXAMPLE"));
        assertEquals(EnumSet.of(Kind.AWS_ACCESS_KEY), detect("token ASIAY34FZKBOKMUTVV7A expires soon"));
        assertEquals(EnumSet.noneOf(Kind.class), detect("AKIAIOSFODNN7EXAMPLEX is one character too long"));
        assertEquals(EnumSet.of(Kind.AWS_SECRET_KEY),
                detect("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        assertEquals(EnumSet.noneOf(Kind.class), detect("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY without its label"));
        assertEquals(EnumSet.of(Kind.GCP_API_KEY), detect("key=AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI&x=1"));
        assertEquals(EnumSet.of(Kind.PRIVATE_KEY),
                detect("{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg...\"}"));
        assertEquals(EnumSet.of(Kind.PRIVATE_KEY), detect("-----BEGIN RSA PRIVATE KEY-----\nMIIEow"));
        assertEquals(EnumSet.noneOf(Kind.class), detect("-----BEGIN CERTIFICATE-----\nMIIC"));
        assertEquals(EnumSet.of(Kind.AZURE_STORAGE_KEY), detect("DefaultEndpointsProtocol=https;AccountName=acct;"
                + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                + "EndpointSuffix=core.windows.net"));
        assertEquals(EnumSet.of(Kind.OPENAI_API_KEY), detect("OPENAI_API_KEY=sk-proj-4fGh7Jk2Lm9Np0Qr3St6Uv8Wx1Yz5Ab"));
        assertEquals(EnumSet.noneOf(Kind.class), detect("the task-management sk-learn-style-estimator-for-everyone"));
    }

    @Test
    void secretsInOutputAreReportedWithoutTheirValue() {
        String key = "sk-proj-4fGh7Jk2Lm9Np0Qr3St6Uv8Wx1Yz5Ab";
        SignalScore s = scorer.score(new LlmCall("m", "what is my key?", "Your key is " + key, List.of(), List.of()));
        assertEquals(List.of("output:openai_api_key"), s.findings());
        assertFalse(s.toString().contains(key));
    }
}
