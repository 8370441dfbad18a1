package org.aegisml.monitoring.internal.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.SignalScore;
import org.junit.jupiter.api.Test;

class PolicyScorerTest {
    private static SignalScore score(PolicyScorer scorer, String input, String output) {
        return scorer.score(new LlmCall("m", input, output, List.of(), List.of()));
    }

    @Test
    void bannedTermsMatchWholeWordsCaseInsensitively() {
        PolicyScorer scorer = new PolicyScorer(List.of("ass", "Project Falcon", "c++"), 20_000);
        assertEquals("policy", scorer.signal());
        assertEquals(SignalScore.NONE, score(scorer, "This class will assess the passage.", "Falcon project plans."));
        SignalScore s = score(scorer, "Tell me about PROJECT   falcon.", "Don't be an ass!");
        assertEquals(1.0, s.score());
        assertEquals(List.of("banned_term:ass", "banned_term:Project Falcon"), s.findings());
        assertEquals(List.of("banned_term:c++"), score(scorer, null, "I like C++ a lot").findings());
    }

    @Test
    void termsWithSymbolsMatchLiterallyAndPhrasesIgnoreHyphens() {
        PolicyScorer scorer = new PolicyScorer(List.of("c++", "f*ck", "kill switch"), 20_000);
        assertEquals(SignalScore.NONE, score(scorer, "C is fine, and so is abc++ or c++11.", "Switch it off, kill it."));
        assertEquals(List.of("banned_term:c++", "banned_term:f*ck", "banned_term:kill switch"),
                score(scorer, "Use (C++) here", "What the F*CK. Flip the kill-switch.").findings());
    }

    @Test
    void eachTermIsReportedOnceEvenWhenRepeated() {
        PolicyScorer scorer = new PolicyScorer(List.of("secret", "SECRET", " "), 20_000);
        assertEquals(List.of("banned_term:secret"), score(scorer, "secret secret", "a Secret").findings());
    }

    @Test
    void outputLengthIsCheckedWithoutBannedTerms() {
        PolicyScorer scorer = new PolicyScorer(List.of(), 10);
        assertEquals(SignalScore.NONE, score(scorer, "a much longer input is fine", "0123456789"));
        SignalScore s = score(scorer, null, "0123456789A");
        assertEquals(1.0, s.score());
        assertEquals(List.of("output_length"), s.findings());
        assertEquals(SignalScore.NONE, score(new PolicyScorer(List.of(), 0), null, "x".repeat(100_000)));
    }

    @Test
    void activatesFromConfiguration() {
        PolicyScorer scorer = new PolicyScorer(new PolicyScorer.Config() {
            @Override
            public String[] bannedTerms() {
                return new String[] { "forbidden" };
            }

            @Override
            public int maxOutputChars() {
                return 5;
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return PolicyScorer.Config.class;
            }
        });
        assertEquals(List.of("banned_term:forbidden", "output_length"), score(scorer, "Forbidden!", "too long").findings());
    }
}
