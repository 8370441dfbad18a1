package org.aegisml.monitoring.internal.signals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.LlmSignalScorer;
import org.aegisml.api.monitoring.SignalScore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Operator policy: banned terms in the input or the output, and outputs longer than allowed.
 * <p>
 * Terms match whole words, case-insensitively, and may be phrases ("kill switch"). A term of
 * words goes through the same {@link Text#words} tokeniser as the text and is compared word by
 * word, which gives word boundaries for free and costs one hash lookup per word however many
 * terms are configured; "kill-switch" and "kill switch" are then the same term. A term with
 * other symbols ("c++", "f*ck") would lose them to the tokeniser and match too much ("c"), so
 * it is searched for literally, with a letter or digit on neither side.
 */
@Component(service = LlmSignalScorer.class, configurationPid = "org.aegisml.monitoring.signals")
public final class PolicyScorer implements LlmSignalScorer {
    public @interface Config {
        /** Words or phrases that must not appear in an input or output. */
        String[] bannedTerms() default {};

        /** Longest acceptable output, in characters; zero or less turns the check off. */
        int maxOutputChars() default 20000;
    }

    /** A banned term as configured, with its words, or its lower-cased text when it is matched literally. */
    private record Term(int index, String label, List<String> words, String literal) {
    }

    private final List<Term> terms;
    /** Word terms by their first word. */
    private final Map<String, List<Term>> byFirstWord;
    private final List<Term> literals;
    private final int maxOutputChars;

    @Activate
    public PolicyScorer(Config config) {
        this(List.of(config.bannedTerms()), config.maxOutputChars());
    }

    PolicyScorer(List<String> bannedTerms, int maxOutputChars) {
        this.maxOutputChars = maxOutputChars;
        List<Term> all = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (String t : bannedTerms) {
            if (t == null || t.isBlank()) continue;
            String label = t.strip();
            boolean literal = label.chars().anyMatch(c -> !Character.isLetterOrDigit(c) && !Character.isWhitespace(c)
                    && c != '-' && c != '\'' && c != '\u2019');
            List<String> words = literal ? null : Text.words(label);
            String text = literal ? label.toLowerCase(Locale.ROOT) : null;
            if (seen.add(literal ? text : words)) all.add(new Term(all.size(), label, words, text));
        }
        this.terms = List.copyOf(all);
        Map<String, List<Term>> index = new HashMap<>();
        for (Term term : terms) {
            if (term.words() != null) index.computeIfAbsent(term.words().getFirst(), k -> new ArrayList<>()).add(term);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byFirstWord = Map.copyOf(index);
        this.literals = terms.stream().filter(t -> t.literal() != null).toList();
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
        if (!byFirstWord.isEmpty()) {
            List<String> words = Text.words(text);
            for (int i = 0; i < words.size(); i++) {
                List<Term> candidates = byFirstWord.get(words.get(i));
                if (candidates == null) continue;
                for (Term t : candidates) {
                    int end = i + t.words().size();
                    if (!hit[t.index()] && end <= words.size() && words.subList(i, end).equals(t.words())) hit[t.index()] = true;
                }
            }
        }
        if (!literals.isEmpty()) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (Term t : literals) if (!hit[t.index()] && containsWholeWord(lower, t.literal())) hit[t.index()] = true;
        }
    }

    private static boolean containsWholeWord(String text, String term) {
        for (int i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) {
            int end = i + term.length();
            boolean before = i > 0 && Character.isLetterOrDigit(text.charAt(i - 1));
            boolean after = end < text.length() && Character.isLetterOrDigit(text.charAt(end));
            if (!before && !after) return true;
        }
        return false;
    }
}
