package org.aegisml.console.views.internal.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.VersionRef;

/**
 * Places a version's lineage on a grid: the version in column 0, what it came from in columns
 * -1, -2, ... (by depth upstream), what came from it in 1, 2, ...; rows in the order the
 * registry returned them. Each edge joins two placed nodes, labelled with its relation.
 */
public final class LineageLayout {
    public record Node(VersionRef version, int column, int row) {
    }

    public record Edge(VersionRef from, VersionRef to, String relation) {
    }

    public record Graph(List<Node> nodes, List<Edge> edges) {
    }

    private LineageLayout() {
    }

    public static Graph of(VersionRef center, List<LineageNode> upstream, List<LineageNode> downstream) {
        Map<VersionRef, Node> placed = new LinkedHashMap<>();
        Map<Integer, Integer> rows = new LinkedHashMap<>();
        placed.put(center, new Node(center, 0, 0));
        rows.put(0, 1);
        List<Edge> edges = new ArrayList<>();
        place(upstream, -1, placed, rows, edges);
        place(downstream, 1, placed, rows, edges);
        return new Graph(List.copyOf(placed.values()), edges);
    }

    private static void place(List<LineageNode> nodes, int sign, Map<VersionRef, Node> placed, Map<Integer, Integer> rows,
            List<Edge> edges) {
        for (LineageNode n : nodes) {
            if (n.depth() == 0) continue; // the start itself
            if (!placed.containsKey(n.version())) {
                int column = sign * n.depth();
                int row = rows.merge(column, 1, Integer::sum) - 1;
                placed.put(n.version(), new Node(n.version(), column, row));
            }
            if (n.via() != null) {
                Edge e = new Edge(n.via().from(), n.via().to(), n.via().relation().name().toLowerCase(java.util.Locale.ROOT));
                if (!edges.contains(e)) edges.add(e);
            }
        }
    }
}
