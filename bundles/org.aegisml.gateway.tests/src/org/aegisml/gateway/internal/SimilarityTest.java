package org.aegisml.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.aegisml.api.deployment.InferenceResponse;
import org.junit.jupiter.api.Test;

class SimilarityTest {
    static InferenceResponse json(String body) {
        return new InferenceResponse(200, body.getBytes(StandardCharsets.UTF_8), "application/json", null, null, null);
    }

    static InferenceResponse text(String out) {
        return new InferenceResponse(200, new byte[0], "application/json", 1L, 1L, out);
    }

    @Test
    void tokenF1() {
        assertEquals(1.0, Similarity.tokenF1("The cat sat.", "the CAT sat"), 1e-12, "case and punctuation ignored");
        assertEquals(0.0, Similarity.tokenF1("alpha beta", "gamma delta"), 1e-12);
        // 2 shared of 3 and of 4: precision 2/4, recall 2/3, F1 = 2*(.5*.667)/(1.167) = 0.5714
        assertEquals(4.0 / 7, Similarity.tokenF1("a b c", "a b x y"), 1e-12);
        // repeated tokens count as often as they occur on both sides: shared = 1
        assertEquals(2 * 0.5 * 1.0 / 1.5, Similarity.tokenF1("yes", "yes yes"), 1e-12);
        assertEquals(1.0, Similarity.tokenF1("", "  ..."), 1e-12, "two empty answers agree");
        assertEquals(0.0, Similarity.tokenF1("", "something"), 1e-12);
        assertEquals(List.of("zürich", "naïve", "日本語", "42"), Similarity.tokens("Zürich, naïve: 日本語 42!"));
    }

    @Test
    void textAnswersCompareTheirText() {
        Similarity.Outcome same = Similarity.compare(text("Paris."), text(" Paris. "));
        assertTrue(same.equal());
        assertEquals(1.0, same.similarity(), 1e-12);
        Similarity.Outcome close = Similarity.compare(text("The capital is Paris"), text("Paris is the capital"));
        assertFalse(close.equal(), "different text");
        assertEquals(1.0, close.similarity(), 1e-12, "same words");
    }

    @Test
    void jsonAnswersCompareAsJson() {
        assertTrue(Similarity.compare(json("{\"a\":1,\"b\":[1,2]}"), json("{ \"b\": [1, 2], \"a\": 1.0 }")).equal());
        assertFalse(Similarity.compare(json("{\"a\":1}"), json("{\"a\":2}")).equal());
        assertFalse(Similarity.compare(json("{\"b\":[1,2]}"), json("{\"b\":[2,1]}")).equal(), "array order counts");
        assertNull(Similarity.compare(json("{}"), json("{}")).similarity());
        assertTrue(Similarity.compare(json("not json"), json("not json")).equal(), "same bytes");
        assertFalse(Similarity.compare(json("not json"), json("not json!")).equal());
        InferenceResponse failed = new InferenceResponse(500, "{}".getBytes(StandardCharsets.UTF_8), null, null, null, null);
        assertFalse(Similarity.compare(json("{}"), failed).equal(), "same body, different status");
    }
}
