package org.aegisml.gateway.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.aegisml.api.deployment.InferenceResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How alike a stable and a shadow answer are. Text answers (LLM output) are equal when their
 * text is, and their similarity is the token F1 of the two texts (the harmonic mean of the
 * shared tokens' share of each side, as in SQuAD scoring): word order is ignored, repeated
 * words count as often as they occur. Other answers are equal when their JSON is (field order
 * ignored, numbers by value), else when their bytes are; they get no similarity.
 */
final class Similarity {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome of one comparison; {@code similarity} is null for non-text answers. */
    record Outcome(boolean equal, Double similarity) {
    }

    private Similarity() {
    }

    static Outcome compare(InferenceResponse stable, InferenceResponse shadow) {
        if (stable.outputText() != null && shadow.outputText() != null) {
            String a = stable.outputText().strip(), b = shadow.outputText().strip();
            return new Outcome(a.equals(b), tokenF1(a, b));
        }
        return new Outcome(stable.status() == shadow.status() && sameJson(stable.body(), shadow.body()), null);
    }

    /** Token F1 in [0, 1]; two texts without tokens are identical (1). */
    static double tokenF1(String a, String b) {
        List<String> x = tokens(a), y = tokens(b);
        if (x.isEmpty() && y.isEmpty()) return 1.0;
        if (x.isEmpty() || y.isEmpty()) return 0.0;
        Map<String, Integer> counts = new HashMap<>();
        for (String t : x) counts.merge(t, 1, Integer::sum);
        int shared = 0;
        for (String t : y) {
            Integer n = counts.get(t);
            if (n != null && n > 0) {
                shared++;
                counts.put(t, n - 1);
            }
        }
        if (shared == 0) return 0.0;
        double precision = (double) shared / y.size(), recall = (double) shared / x.size();
        return 2 * precision * recall / (precision + recall);
    }

    /** Lower-cased runs of letters and digits; punctuation and spacing separate tokens. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int start = -1, i = 0, n = s.length();
        while (i <= n) {
            int cp = i < n ? s.codePointAt(i) : -1;
            boolean word = cp >= 0 && Character.isLetterOrDigit(cp);
            if (word && start < 0) start = i;
            if (!word && start >= 0) {
                out.add(s.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
            i += cp >= 0 ? Character.charCount(cp) : 1;
        }
        return out;
    }

    static boolean sameJson(byte[] a, byte[] b) {
        if (Arrays.equals(a, b)) return true;
        try {
            JsonNode x = JSON.readTree(a), y = JSON.readTree(b);
            if (x == null || y == null) return false;
            return x.equals((n1, n2) -> {
                if (n1.isNumber() && n2.isNumber()) return Double.compare(n1.asDouble(), n2.asDouble()) == 0 ? 0 : 1;
                return n1.equals(n2) ? 0 : 1;
            }, y);
        } catch (IOException e) {
            return false;
        }
    }
}
