package org.aegisml.monitoring.internal.signals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.LlmSignalScorer;
import org.aegisml.api.monitoring.SignalScore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Operator policy: banned terms in the input or the output, and outputs longer than allowed.
 * <p>
 * Terms match whole words, case-insensitively, and may be phrases ("kill switch"). Both the
 * terms and the text go through the same {@link Text#words} tokeniser and are compared word by
 * word, which gives word boundaries for free and costs one hash lookup per word however many
 * terms are configured.
 */
@Component(service = LlmSignalScorer.class, configurationPid = "org.aegisml.monitoring.signals")
public final class PolicyScorer implements LlmSignalScorer {
    public @interface Config {
        /** Words or phrases that must not appear in an input or output. */
        String[] bannedTerms() default {};

        /** Longest acceptable output, in characters; zero or less turns the check off. */
        int maxOutputChars() default 20000;
    }

    /** A banned term as configured, and its words. */
    private record Term(int index, String label, List<String> words) {
    }

    private final List<Term> terms;
    /** Terms by their first word. */
    private final Map<String, List<Term>> byFirstWord;
    private final int maxOutputChars;

    @Activate
    public PolicyScorer(Config config) {
        this(List.of(config.bannedTerms()), config.maxOutputChars());
    }

    PolicyScorer(List<String> bannedTerms, int maxOutputChars) {
        this.maxOutputChars = maxOutputChars;
        Map<List<String>, Term> unique = new LinkedHashMap<>();
        for (String t : bannedTerms) {
            if (t == null) continue;
            List<String> words = Text.words(t);
            if (!words.isEmpty()) unique.putIfAbsent(words, new Term(unique.size(), t.strip(), List.copyOf(words)));
        }
        this.terms = List.copyOf(unique.values());
        Map<String, List<Term>> index = new HashMap<>();
        for (Term term : terms) index.computeIfAbsent(term.words().getFirst(), k -> new ArrayList<>()).add(term);
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byFirstWord = Map.copyOf(index);
    }

    @Override
    public String signal() {
        return "policy";
    }

    @Override
    public SignalScore score(LlmCall call) {
        List<String> findings = new ArrayList<>();
        if (!terms.isEmpty()) {
            boolean[] hit = new boolean[terms.size()];
            mark(call.input(), hit);
            mark(call.output(), hit);
            for (Term t : terms) if (hit[t.index()]) findings.add("banned_term:" + t.label());
        }
        if (maxOutputChars > 0 && call.output() != null && call.output().length() > maxOutputChars) findings.add("output_length");
        return findings.isEmpty() ? SignalScore.NONE : new SignalScore(1, findings);
    }

    private void mark(String text, boolean[] hit) {
        if (text == null) return;
        List<String> words = Text.words(text);
        for (int i = 0; i < words.size(); i++) {
            List<Term> candidates = byFirstWord.get(words.get(i));
            if (candidates == null) continue;
            for (Term t : candidates) {
                if (!hit[t.index()] && i + t.words().size() <= words.size() && words.subList(i, i + t.words().size()).equals(t.words())) {
                    hit[t.index()] = true;
                }
            }
        }
    }
}
