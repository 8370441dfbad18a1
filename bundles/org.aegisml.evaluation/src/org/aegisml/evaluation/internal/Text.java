package org.aegisml.evaluation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Text similarity as used for QA and summarization: normalization (lower case, whitespace
 * collapsed, surrounding punctuation stripped), token F1 over the multiset of word tokens
 * (SQuAD), and ROUGE-L F-measure from the longest common subsequence of tokens.
 */
final class Text {
    private Text() {
    }

    static String normalize(String s) {
        String t = s.toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
        return t.replaceAll("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$", "");
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        for (String t : s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) if (!t.isEmpty()) out.add(t);
        return out;
    }

    static double tokenF1(String prediction, String reference) {
        List<String> p = tokens(prediction), r = tokens(reference);
        if (p.isEmpty() || r.isEmpty()) return p.isEmpty() && r.isEmpty() ? 1 : 0;
        Map<String, Integer> counts = new HashMap<>();
        for (String t : r) counts.merge(t, 1, Integer::sum);
        int common = 0;
        for (String t : p) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                common++;
                counts.put(t, c - 1);
            }
        }
        if (common == 0) return 0;
        double precision = (double) common / p.size(), recall = (double) common / r.size();
        return 2 * precision * recall / (precision + recall);
    }

    static double rougeL(String prediction, String reference) {
        List<String> p = tokens(prediction), r = tokens(reference);
        if (p.isEmpty() || r.isEmpty()) return p.isEmpty() && r.isEmpty() ? 1 : 0;
        int[] prev = new int[r.size() + 1], cur = new int[r.size() + 1];
        for (int i = 1; i <= p.size(); i++) {
            for (int j = 1; j <= r.size(); j++) {
                cur[j] = p.get(i - 1).equals(r.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        int lcs = prev[r.size()];
        if (lcs == 0) return 0;
        double precision = (double) lcs / p.size(), recall = (double) lcs / r.size();
        return 2 * precision * recall / (precision + recall);
    }
}
