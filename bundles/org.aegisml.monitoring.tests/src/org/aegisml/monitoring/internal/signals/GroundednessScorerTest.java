package org.aegisml.monitoring.internal.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.SignalScore;
import org.junit.jupiter.api.Test;

class GroundednessScorerTest {
    private static final List<String> CONTEXT = List.of(
            "The Eiffel Tower was completed in 1889 for the World's Fair. It is 330 metres tall and stands in Paris.",
            "Gustave Eiffel's company designed and built the tower. Millions of visitors climb it every year.");
    private final GroundednessScorer scorer = new GroundednessScorer();

    private SignalScore score(String output, List<String> context) {
        return scorer.score(new LlmCall("m", "Tell me about the Eiffel Tower", output, context, List.of()));
    }

    @Test
    void supportedOutputScoresZero() {
        SignalScore s = score("The Eiffel Tower stands in Paris and was completed in 1889. "
                + "It is 330 metres tall! Eiffel's company designed and built it.", CONTEXT);
        assertEquals("hallucination", scorer.signal());
        assertEquals(0.0, s.score(), 1e-9);
        assertEquals(List.of(), s.findings());
    }

    @Test
    void paraphraseWithInflectionsIsStillSupported() {
        assertEquals(0.0, score("Millions of visitors are climbing the tower yearly; Eiffel's company designs built it.", CONTEXT).score(),
                1e-9);
    }

    @Test
    void inventedSentenceWithANumberIsUnsupported() {
        SignalScore s = score("The Eiffel Tower was completed in 1925 and painted gold by Napoleon's engineers.", CONTEXT);
        assertTrue(s.score() > 0.9, s::toString);
        assertEquals(List.of("unsupported:The Eiffel Tower was completed in 1925 and painted gold by N"), s.findings());
    }

    @Test
    void aChangedNumberAloneMakesASentenceUnsupported() {
        SignalScore s = score("It is 330 metres tall. The Eiffel Tower was completed in 1899.", CONTEXT);
        assertEquals(1, s.findings().size());
        assertTrue(s.findings().getFirst().startsWith("unsupported:The Eiffel Tower was completed in 1899"), s::toString);
        assertTrue(s.score() > 0.4 && s.score() < 0.8, s::toString);
    }

    @Test
    void findingsAreCappedAtThree() {
        SignalScore s = score("Bananas are blue. Cats can fly. Rivers flow uphill. Snow is hot.", CONTEXT);
        assertEquals(1.0, s.score(), 1e-9);
        assertEquals(3, s.findings().size());
    }

    @Test
    void withoutContextOrOutputItIsNotMeasurable() {
        assertEquals(new SignalScore(0, List.of("no_context")), score("The tower is 330 metres tall.", List.of()));
        assertEquals(new SignalScore(0, List.of("no_context")), score("The tower is 330 metres tall.", List.of(" ")));
        assertEquals(new SignalScore(0, List.of("no_context")), score(null, CONTEXT));
        assertEquals(new SignalScore(0, List.of("no_context")), score("  ", CONTEXT));
    }

    @Test
    void outputWithoutContentWordsScoresZero() {
        assertEquals(SignalScore.NONE, score("Sure! Yes.", CONTEXT));
    }
}
