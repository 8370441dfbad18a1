package org.aegisml.monitoring.internal.signals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.LlmSignalScorer;
import org.aegisml.api.monitoring.SignalScore;
import org.osgi.service.component.annotations.Component;

/**
 * How much of an output the retrieved passages do not support, a cheap stand-in for a
 * hallucination judge on retrieval-augmented calls.
 * <p>
 * A sentence is supported when one passage holds at least {@link #MIN_COVERAGE} of its content
 * words (stemmed, stop words removed) and every number it states: a changed figure is the
 * typical small hallucination that word overlap alone would miss. The score is the share of
 * content words that sit in unsupported sentences, so a long invented sentence weighs more
 * than a short connective one. Without passages or without output there is nothing to
 * measure: the score is 0 with the finding {@code no_context}, which callers use to tell
 * "not measurable" from "fully grounded".
 */
@Component(service = LlmSignalScorer.class)
public final class GroundednessScorer implements LlmSignalScorer {
    static final double MIN_COVERAGE = 0.6;
    private static final int MAX_FINDINGS = 3;
    private static final int SNIPPET_CHARS = 60;
    private static final SignalScore NOT_MEASURABLE = new SignalScore(0, List.of("no_context"));

    @Override
    public String signal() {
        return "hallucination";
    }

    @Override
    public SignalScore score(LlmCall call) {
        String output = call.output();
        List<Set<String>> passages = new ArrayList<>();
        for (String p : call.context()) {
            Set<String> tokens = new HashSet<>(Text.contentTokens(p));
            if (!tokens.isEmpty()) passages.add(tokens);
        }
        if (passages.isEmpty() || output == null || output.isBlank()) return NOT_MEASURABLE;
        double total = 0;
        double unsupported = 0;
        List<String> findings = new ArrayList<>();
        for (String sentence : Text.sentences(output)) {
            Set<String> tokens = new HashSet<>(Text.contentTokens(sentence));
            if (tokens.isEmpty()) continue;
            total += tokens.size();
            if (!supported(tokens, passages)) {
                unsupported += tokens.size();
                if (findings.size() < MAX_FINDINGS) findings.add("unsupported:" + snippet(sentence));
            }
        }
        return total == 0 ? SignalScore.NONE : new SignalScore(unsupported / total, findings);
    }

    private static boolean supported(Set<String> sentence, List<Set<String>> passages) {
        for (Set<String> passage : passages) {
            int covered = 0;
            boolean numbersFound = true;
            for (String t : sentence) {
                if (passage.contains(t)) covered++;
                else if (Text.hasDigit(t)) {
                    numbersFound = false;
                    break;
                }
            }
            if (numbersFound && covered >= MIN_COVERAGE * sentence.size()) return true;
        }
        return false;
    }

    private static String snippet(String sentence) {
        String s = sentence.replaceAll("\\s+", " ");
        if (s.length() <= SNIPPET_CHARS) return s;
        return s.substring(0, Character.isHighSurrogate(s.charAt(SNIPPET_CHARS - 1)) ? SNIPPET_CHARS - 1 : SNIPPET_CHARS);
    }
}
