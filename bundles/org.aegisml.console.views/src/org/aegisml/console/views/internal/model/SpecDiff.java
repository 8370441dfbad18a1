package org.aegisml.console.views.internal.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.FeatureSpec;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.registry.VersionSpec;

/**
 * What changes between the version in production and the one asking to replace it: a prompt's
 * template line by line, a model's metadata field by field, as a line diff (longest common
 * subsequence), so an approver sees the change itself, not two versions side by side.
 */
public final class SpecDiff {
    public enum Kind { SAME, REMOVED, ADDED }

    public record Line(Kind kind, String text) {
    }

    private SpecDiff() {
    }

    /** A version written as on the wire ({@code models/churn/3}), or null if it is not one. */
    public static VersionRef parse(Object s) {
        return s instanceof String str ? VersionRef.parse(str) : null;
    }

    /** The spec as comparable lines: fields in a fixed order, maps sorted by key. */
    public static List<String> lines(VersionSpec spec) {
        List<String> out = new ArrayList<>();
        if (spec == null) return out;
        out.add("description: " + spec.description());
        switch (spec) {
            case PromptVersionSpec p -> {
                out.add("target_model: " + p.targetModel());
                out.add("variables: " + String.join(", ", p.variables()));
                map(out, "parameters", p.parameters());
                out.add("template:");
                if (p.template() != null) for (String l : p.template().split("\n", -1)) out.add("  " + l);
            }
            case ModelVersionSpec m -> {
                out.add("framework: " + m.framework());
                out.add("format: " + m.format());
                map(out, "params", m.params());
                map(out, "metrics", m.metrics());
                map(out, "tags", m.tags());
                for (FeatureSpec f : m.signature()) out.add("signature: " + f);
            }
            case DatasetVersionSpec d -> out.add(String.valueOf(d));
        }
        return out;
    }

    private static void map(List<String> out, String name, Map<String, ?> m) {
        new TreeMap<>(m).forEach((k, v) -> out.add(name + "." + k + ": " + v));
    }

    /** The lines of {@code after} against {@code before}: kept, removed and added, in order. */
    public static List<Line> diff(List<String> before, List<String> after) {
        int n = before.size(), m = after.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = before.get(i).equals(after.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0, j = 0;
        while (i < n && j < m) {
            if (before.get(i).equals(after.get(j))) {
                out.add(new Line(Kind.SAME, before.get(i)));
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Line(Kind.REMOVED, before.get(i++)));
            } else {
                out.add(new Line(Kind.ADDED, after.get(j++)));
            }
        }
        while (i < n) out.add(new Line(Kind.REMOVED, before.get(i++)));
        while (j < m) out.add(new Line(Kind.ADDED, after.get(j++)));
        return out;
    }
}
