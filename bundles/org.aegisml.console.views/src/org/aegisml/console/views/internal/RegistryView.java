package org.aegisml.console.views.internal;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.PageRequest;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetQuery;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.LineageDirection;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.console.View;
import org.aegisml.console.ViewContext;
import org.aegisml.console.ViewPane;
import org.aegisml.console.views.internal.model.Format;
import org.aegisml.console.views.internal.model.LineageLayout;
import org.osgi.service.component.annotations.Component;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;

/**
 * Models, prompts and datasets: their versions with stages, their aliases, and the lineage of
 * the selected version (what it came from on the left, what came from it on the right).
 */
@Component(service = View.class)
public final class RegistryView implements View {
    static final int DEPTH = 3;

    @Override
    public String id() {
        return "registry";
    }

    @Override
    public String title() {
        return "Registry";
    }

    @Override
    public int order() {
        return 60;
    }

    @Override
    public ViewPane open(ViewContext ctx) {
        return new RegistryPane(ctx);
    }

    private record Lineage(VersionRef center, List<LineageNode> up, List<LineageNode> down) {
    }

    private static final class RegistryPane implements ViewPane {
        private static final double W = 280, H = 34, GAP_X = 70, GAP_Y = 18;
        private final ViewContext ctx;
        private final ZoneId zone = ZoneId.systemDefault();
        private final ComboBox<AssetType> type = new ComboBox<>();
        private final Tables<Asset> assets = new Tables<>("registry-assets", Asset::name,
                a -> a.name() + " " + a.tags() + " " + String.valueOf(a.description()));
        private final Tables<AssetVersion> versions = new Tables<>("registry-versions", v -> String.valueOf(v.version()),
                v -> v.stage().name() + " " + v.createdBy());
        private final Label aliases = new Label();
        private final Pane graph = new Pane();
        private final SplitPane root;
        private boolean loading;

        RegistryPane(ViewContext ctx) {
            this.ctx = ctx;
            type.setId("registry-type");
            type.getItems().setAll(AssetType.values());
            type.setValue(AssetType.MODEL);
            type.setOnAction(e -> refresh());
            assets.column("Name", Asset::name, 170).column("Latest", Asset::latestVersion, 60)
                    .column("Kind", a -> a.kind() == null ? "–" : Format.words(a.kind()), 70)
                    .column("Created", a -> Format.time(a.createdAt(), zone), 150).column("By", Asset::createdBy, 90);
            versions.column("Version", AssetVersion::version, 70).column("Stage", v -> Format.words(v.stage()), 90)
                    .column("Created", v -> Format.time(v.createdAt(), zone), 150).column("By", AssetVersion::createdBy, 100);
            assets.table().getSelectionModel().selectedItemProperty().addListener((o, was, a) -> loadVersions(a));
            versions.table().getSelectionModel().selectedItemProperty().addListener((o, was, v) -> loadLineage(v));
            aliases.setId("registry-aliases");
            graph.setId("lineage");
            VBox left = new VBox(6, new HBox(8, new Label("Type"), type, assets.filter()), assets.table());
            VBox.setVgrow(assets.table(), Priority.ALWAYS);
            left.setPadding(new Insets(10));
            ScrollPane scroll = new ScrollPane(graph);
            scroll.setPrefHeight(300);
            VBox right = new VBox(6, aliases, versions.table(), new Label("Lineage (upstream left, downstream right)"), scroll);
            VBox.setVgrow(versions.table(), Priority.ALWAYS);
            right.setPadding(new Insets(10));
            root = new SplitPane(left, right);
            root.setDividerPositions(0.45);
        }

        @Override
        public Node node() {
            return root;
        }

        @Override
        public void refresh() {
            if (loading) return;
            loading = true;
            AssetType t = type.getValue();
            ctx.background("Loading " + t.collection(), () -> ctx.service(Registry.class).list(new AssetQuery(t, null, null, null,
                    new PageRequest(1, PageRequest.MAX_SIZE))).items(), list -> {
                        loading = false;
                        assets.set(list);
                    }, x -> loading = false);
        }

        @Override
        public void select(String item) {
            assets.select(item);
        }

        private void loadVersions(Asset a) {
            if (a == null) return;
            aliases.setText(a.aliases().isEmpty() ? "No aliases." : "Aliases: " + a.aliases().entrySet().stream()
                    .map(e -> e.getKey() + " → v" + e.getValue()).sorted().reduce((x, y) -> x + ", " + y).orElse(""));
            ctx.background("Loading versions of " + a.name(), () -> ctx.service(Registry.class).versions(a.type(), a.name(),
                    new PageRequest(1, PageRequest.MAX_SIZE)).items(), vs -> {
                        versions.set(vs);
                        if (versions.table().getSelectionModel().isEmpty() && !vs.isEmpty()) {
                            versions.table().getSelectionModel().select(versions.table().getItems().size() - 1);
                        }
                    });
        }

        private void loadLineage(AssetVersion v) {
            if (v == null) return;
            VersionRef ref = v.ref();
            ctx.background("Loading the lineage of " + ref, () -> {
                Registry r = ctx.service(Registry.class);
                return new Lineage(ref, r.lineage(ref, LineageDirection.UP, DEPTH), r.lineage(ref, LineageDirection.DOWN, DEPTH));
            }, l -> draw(LineageLayout.of(l.center(), l.up(), l.down())));
        }

        private void draw(LineageLayout.Graph g) {
            graph.getChildren().clear();
            int minColumn = g.nodes().stream().mapToInt(LineageLayout.Node::column).min().orElse(0);
            Map<VersionRef, double[]> at = new HashMap<>();
            for (LineageLayout.Node n : g.nodes()) {
                double x = 10 + (n.column() - minColumn) * (W + GAP_X), y = 10 + n.row() * (H + GAP_Y);
                at.put(n.version(), new double[] { x, y });
            }
            for (LineageLayout.Edge e : g.edges()) {
                double[] a = at.get(e.from()), b = at.get(e.to());
                if (a == null || b == null) continue;
                // Edges point from the source (left) to what was made from it.
                boolean leftToRight = a[0] <= b[0];
                double x1 = leftToRight ? a[0] + W : a[0], x2 = leftToRight ? b[0] : b[0] + W;
                Line line = new Line(x1, a[1] + H / 2, x2, b[1] + H / 2);
                line.setStroke(Color.web("#98a2b3"));
                Text label = new Text((x1 + x2) / 2 - 30, (a[1] + b[1]) / 2 + H / 2 - 4, e.relation().replace('_', ' '));
                label.setFill(Color.web("#475467"));
                graph.getChildren().addAll(line, label);
            }
            for (LineageLayout.Node n : g.nodes()) {
                double[] p = at.get(n.version());
                Label box = new Label(n.version().toString());
                box.setLayoutX(p[0]);
                box.setLayoutY(p[1]);
                box.setPrefSize(W, H);
                box.setPadding(new Insets(4, 8, 4, 8));
                box.setStyle(n.column() == 0 ? "-fx-background-color: #fef0c7; -fx-border-color: #f79009; -fx-font-weight: bold;"
                        : "-fx-background-color: #f2f4f7; -fx-border-color: #d0d5dd;");
                graph.getChildren().add(box);
            }
        }
    }
}
