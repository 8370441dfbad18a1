package org.aegisml.monitoring.internal.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.SignalScore;
import org.junit.jupiter.api.Test;

class SampleDisagreementScorerTest {
    private final SampleDisagreementScorer scorer = new SampleDisagreementScorer();

    private SignalScore score(String output, List<String> samples) {
        return scorer.score(new LlmCall("m", "q", output, List.of(), samples));
    }

    @Test
    void identicalSamplesAgree() {
        String a = "The capital of Australia is Canberra.";
        assertEquals("disagreement", scorer.signal());
        assertEquals(0.0, score(a, List.of(a, "the CAPITAL of australia is canberra")).score(), 1e-9);
    }

    @Test
    void unrelatedSamplesDisagree() {
        SignalScore s = score("The capital of Australia is Canberra.",
                List.of("Sydney hosts the Opera House by the harbour.", "Melbourne was briefly the seat of government."));
        assertTrue(s.score() > 0.9, s::toString);
    }

    @Test
    void partialAgreementIsInBetween() {
        // {capital, australia, canberra} vs {capital, australia, sydney}: Jaccard 2/4.
        assertEquals(0.5, score("The capital of Australia is Canberra.", List.of("The capital of Australia is Sydney.")).score(), 1e-9);
    }

    @Test
    void withoutSamplesItIsNotMeasured() {
        assertEquals(new SignalScore(0, List.of("no_samples")), score("anything", List.of()));
        assertEquals(new SignalScore(0, List.of("no_samples")), score(null, List.of("only one text")));
    }

    @Test
    void jaccardOfEmptySetsIsOne() {
        assertEquals(1.0, SampleDisagreementScorer.jaccard(Set.of(), Set.of()));
        assertEquals(0.0, SampleDisagreementScorer.jaccard(Set.of("a"), Set.of()));
    }
}
