package org.aegisml.console.views.internal;

import java.time.ZoneId;
import java.util.List;

import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.console.View;
import org.aegisml.console.ViewContext;
import org.aegisml.console.ViewPane;
import org.aegisml.console.views.internal.model.Decision;
import org.aegisml.console.views.internal.model.Evidence;
import org.aegisml.console.views.internal.model.Format;
import org.aegisml.console.views.internal.model.SpecDiff;
import org.osgi.service.component.annotations.Component;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The approval queue and, for one request, its evidence and the decision. The server's rules
 * (approver role only, never the requester) are shown beside the buttons before anyone clicks;
 * the server still enforces them, and a refusal is shown in the same place.
 */
@Component(service = View.class)
public final class ApprovalsView implements View {
    @Override
    public String id() {
        return "approvals";
    }

    @Override
    public String title() {
        return "Approvals";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public ViewPane open(ViewContext ctx) {
        return new Pane(ctx);
    }

    private final class Pane implements ViewPane {
        private final ViewContext ctx;
        private final ChoiceBox<ApprovalState> state = new ChoiceBox<>();
        private final Tables<Approval> table = new Tables<>("approvals", Approval::id,
                a -> String.join(" ", a.id(), a.kind(), a.subject(), String.valueOf(a.deployment()), a.requestedByName(),
                        String.valueOf(a.reason())));
        private final Label header = new Label("Select a request.");
        private final Label rule = new Label();
        private final TreeView<String> evidence = new TreeView<>();
        private final TextArea comment = new TextArea();
        private final Label diffTitle = new Label();
        private final javafx.scene.control.ListView<SpecDiff.Line> diff = new javafx.scene.control.ListView<>();
        private final Button approve = new Button("Approve");
        private final Button reject = new Button("Reject");
        private final Label result = new Label();
        private final SplitPane root;
        private boolean loading;
        private String wanted;

        Pane(ViewContext ctx) {
            this.ctx = ctx;
            ZoneId zone = ZoneId.systemDefault();
            state.setId("approvals-state");
            state.getItems().setAll(ApprovalState.values());
            state.setValue(ApprovalState.PENDING);
            state.setOnAction(e -> refresh());
            table.column("Requested", a -> Format.time(a.requestedAt(), zone), 150)
                    .column("Kind", Approval::kind, 110)
                    .column("Subject", Approval::subject, 200)
                    .column("Deployment", a -> String.valueOf(a.deployment()), 120)
                    .column("Requested by", Approval::requestedByName, 110)
                    .column("State", a -> a.state().wire(), 80);
            table.table().getSelectionModel().selectedItemProperty().addListener((o, was, now) -> show(now));
            header.setId("approval-header");
            header.setStyle("-fx-font-size: 15px; -fx-font-weight: bold;");
            rule.setId("decision-rule");
            rule.setWrapText(true);
            diffTitle.setId("diff-title");
            diff.setId("spec-diff");
            diff.setPrefHeight(160);
            diff.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
                @Override
                protected void updateItem(SpecDiff.Line line, boolean empty) {
                    super.updateItem(line, empty);
                    if (empty || line == null) {
                        setText(null);
                        setStyle("");
                        return;
                    }
                    setText(switch (line.kind()) {
                        case SAME -> "  ";
                        case REMOVED -> "- ";
                        case ADDED -> "+ ";
                    } + line.text());
                    setStyle(switch (line.kind()) {
                        case SAME -> "-fx-font-family: monospace;";
                        case REMOVED -> "-fx-font-family: monospace; -fx-background-color: #fee4e2;";
                        case ADDED -> "-fx-font-family: monospace; -fx-background-color: #d1fadf;";
                    });
                }
            });
            evidence.setId("evidence");
            evidence.setShowRoot(false);
            comment.setId("comment");
            comment.setPromptText("Comment (recorded with the decision)");
            comment.setPrefRowCount(3);
            approve.setId("approve");
            reject.setId("reject");
            result.setId("approval-result");
            result.setWrapText(true);
            approve.setOnAction(e -> decide(true));
            reject.setOnAction(e -> decide(false));
            VBox left = new VBox(6, new HBox(8, new Label("State"), state, table.filter()), table.table());
            VBox.setVgrow(table.table(), Priority.ALWAYS);
            VBox right = new VBox(8, header, new Label("Evidence"), evidence, diffTitle, diff, rule, comment,
                    new HBox(8, approve, reject), result);
            VBox.setVgrow(evidence, Priority.ALWAYS);
            left.setPadding(new Insets(8));
            right.setPadding(new Insets(8));
            root = new SplitPane(left, right);
            root.setDividerPositions(0.55);
            show(null);
        }

        @Override
        public Node node() {
            return root;
        }

        @Override
        public void refresh() {
            if (loading) return;
            loading = true;
            ApprovalState s = state.getValue();
            ctx.background("Loading approvals", () -> ctx.service(Approvals.class).list(s), list -> {
                loading = false;
                table.set(list);
                if (wanted != null && table.select(wanted)) wanted = null;
                show(table.table().getSelectionModel().getSelectedItem());
            }, t -> loading = false);
        }

        @Override
        public void select(String id) {
            if (!table.select(id)) {
                wanted = id;
                state.setValue(null); // an older request: look in every state
                ctx.background("Loading approval " + id, () -> ctx.service(Approvals.class).approval(id), a -> a.ifPresent(x -> {
                    state.setValue(x.state());
                    refresh();
                }));
            }
        }

        private void show(Approval a) {
            Decision d = Decision.of(a, ctx.operator());
            rule.setText(d.why());
            rule.setStyle(d.allowed() ? "-fx-text-fill: #067647;" : "-fx-text-fill: #b42318;");
            approve.setDisable(!d.allowed());
            reject.setDisable(!d.allowed());
            comment.setDisable(!d.allowed());
            TreeItem<String> rootItem = new TreeItem<>("evidence");
            if (a == null) {
                header.setText("Select a request.");
            } else {
                header.setText(a.kind() + ": " + a.subject() + "  (requested by " + a.requestedByName() + ")");
                List<Evidence.Line> lines = Evidence.lines(a.evidence());
                java.util.ArrayDeque<TreeItem<String>> stack = new java.util.ArrayDeque<>();
                stack.push(rootItem);
                if (a.reason() != null) rootItem.getChildren().add(new TreeItem<>("reason: " + a.reason()));
                for (Evidence.Line l : lines) {
                    while (stack.size() > l.depth() + 1) stack.pop();
                    TreeItem<String> item = new TreeItem<>(l.value() == null ? l.key() : l.key() + ": " + l.value());
                    item.setExpanded(true);
                    stack.peek().getChildren().add(item);
                    if (l.value() == null) stack.push(item);
                }
            }
            evidence.setRoot(rootItem);
            compare(a);
        }

        /**
         * The candidate's spec against production's: from the evidence's stable and candidate
         * versions (rollouts), or the subject against the asset's production alias (stage moves).
         */
        private void compare(Approval a) {
            diff.getItems().clear();
            diffTitle.setText("");
            if (a == null) return;
            VersionRef candidate = SpecDiff.parse(path(a.evidence(), "candidate", "version"));
            VersionRef stable = SpecDiff.parse(path(a.evidence(), "stable", "version"));
            if (candidate == null) candidate = SpecDiff.parse(a.subject());
            if (candidate == null) return;
            VersionRef c = candidate, s = stable;
            String id = a.id();
            ctx.background("Comparing " + c + " with production", () -> {
                Registry r = ctx.service(Registry.class);
                AssetVersion after = r.version(c.type(), c.name(), c.version()).orElse(null);
                AssetVersion before = s != null ? r.version(s.type(), s.name(), s.version()).orElse(null)
                        : r.versionByAlias(c.type(), c.name(), "production").orElse(null);
                return new AssetVersion[] { before, after };
            }, v -> {
                Approval now = table.table().getSelectionModel().getSelectedItem();
                if (now == null || !now.id().equals(id) || v[1] == null) return;
                if (v[0] == null) {
                    diffTitle.setText("Nothing in production to compare " + c + " with.");
                    diff.getItems().setAll(SpecDiff.diff(List.of(), SpecDiff.lines(v[1].spec())));
                } else {
                    diffTitle.setText("Changes from " + v[0].ref() + " (production) to " + c);
                    diff.getItems().setAll(SpecDiff.diff(SpecDiff.lines(v[0].spec()), SpecDiff.lines(v[1].spec())));
                }
            });
        }

        private static Object path(java.util.Map<String, Object> m, String a, String b) {
            return m.get(a) instanceof java.util.Map<?, ?> inner ? inner.get(b) : null;
        }

        private void decide(boolean yes) {
            Approval a = table.table().getSelectionModel().getSelectedItem();
            if (a == null) return;
            String text = comment.getText().strip();
            approve.setDisable(true);
            reject.setDisable(true);
            result.setText((yes ? "Approving " : "Rejecting ") + a.id() + "...");
            ctx.background(yes ? "Approving" : "Rejecting", () -> yes
                    ? ctx.service(Approvals.class).approve(a.id(), text.isEmpty() ? null : text, ctx.operator())
                    : ctx.service(Approvals.class).reject(a.id(), text.isEmpty() ? null : text, ctx.operator()), done -> {
                        result.setText((yes ? "Approved " : "Rejected ") + done.id() + " as " + done.decidedByName() + ".");
                        result.setStyle("-fx-text-fill: #067647;");
                        comment.clear();
                        refresh();
                    }, t -> {
                        result.setText("The server refused: " + ctx.describe(t));
                        result.setStyle("-fx-text-fill: #b42318;");
                        show(a);
                    });
        }
    }
}
