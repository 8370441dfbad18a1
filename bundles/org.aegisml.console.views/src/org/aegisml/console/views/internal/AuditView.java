package org.aegisml.console.views.internal;

import java.time.ZoneId;

import org.aegisml.api.Page;
import org.aegisml.api.PageRequest;
import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.audit.AuditQuery;
import org.aegisml.api.audit.AuditVerification;
import org.aegisml.console.View;
import org.aegisml.console.ViewContext;
import org.aegisml.console.ViewPane;
import org.aegisml.console.views.internal.model.Format;
import org.osgi.service.component.annotations.Component;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The audit log, newest first, filtered by actor, action and target on the server, with the
 * result of verifying the hash chain, and an entry's before and after.
 */
@Component(service = View.class)
public final class AuditView implements View {
    static final int PAGE = 200;

    @Override
    public String id() {
        return "audit";
    }

    @Override
    public String title() {
        return "Audit log";
    }

    @Override
    public int order() {
        return 80;
    }

    @Override
    public ViewPane open(ViewContext ctx) {
        return new Pane(ctx);
    }

    private record Loaded(Page<AuditEntry> page, AuditVerification verification) {
    }

    private static final class Pane implements ViewPane {
        private final ViewContext ctx;
        private final ZoneId zone = ZoneId.systemDefault();
        private final Tables<AuditEntry> table = new Tables<>("audit", e -> String.valueOf(e.seq()),
                e -> String.join(" ", e.actor(), e.action(), String.valueOf(e.target())));
        private final TextField actor = field("audit-actor", "actor");
        private final TextField action = field("audit-action", "action");
        private final TextField target = field("audit-target", "target");
        private final Label verification = new Label("Verifying the chain...");
        private final Label position = new Label();
        private final TextArea detail = new TextArea();
        private final SplitPane root;
        private int page = 1;
        private boolean loading;

        Pane(ViewContext ctx) {
            this.ctx = ctx;
            table.column("Seq", AuditEntry::seq, 70).column("At", e -> Format.time(e.at(), zone), 150)
                    .column("Actor", AuditEntry::actor, 110).column("Action", AuditEntry::action, 170)
                    .column("Target", e -> String.valueOf(e.target()), 220)
                    .column("Hash", e -> e.hash() == null ? "" : e.hash().substring(0, Math.min(12, e.hash().length())), 100);
            table.table().getSelectionModel().selectedItemProperty().addListener((o, was, e) -> detail.setText(e == null ? ""
                    : "before:\n" + e.before() + "\n\nafter:\n" + e.after() + "\n\nprevious hash: " + e.prevHash() + "\nhash: " + e.hash()));
            verification.setId("audit-verification");
            verification.setWrapText(true);
            detail.setId("audit-detail");
            detail.setEditable(false);
            detail.setWrapText(true);
            Button search = new Button("Search");
            search.setId("audit-search");
            search.setDefaultButton(true);
            search.setOnAction(e -> {
                page = 1;
                refresh();
            });
            Button newer = new Button("Newer");
            newer.setOnAction(e -> {
                if (page > 1) {
                    page--;
                    refresh();
                }
            });
            Button older = new Button("Older");
            older.setOnAction(e -> {
                page++;
                refresh();
            });
            HBox filters = new HBox(8, actor, action, target, search, newer, older, position);
            VBox top = new VBox(6, verification, filters, table.filter(), table.table());
            VBox.setVgrow(table.table(), Priority.ALWAYS);
            top.setPadding(new Insets(10));
            root = new SplitPane(top, detail);
            root.setOrientation(javafx.geometry.Orientation.VERTICAL);
            root.setDividerPositions(0.72);
        }

        private static TextField field(String id, String prompt) {
            TextField f = new TextField();
            f.setId(id);
            f.setPromptText(prompt);
            return f;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        @Override
        public Node node() {
            return root;
        }

        @Override
        public void refresh() {
            if (loading) return;
            loading = true;
            AuditQuery q = new AuditQuery(blankToNull(actor.getText()), blankToNull(action.getText()),
                    blankToNull(target.getText()), null, null, new PageRequest(page, PAGE));
            ctx.background("Loading the audit log", () -> {
                AuditLog log = ctx.service(AuditLog.class);
                return new Loaded(log.list(q), log.verify());
            }, l -> {
                loading = false;
                table.set(l.page().items());
                long pages = Math.max(1, (l.page().total() + PAGE - 1) / PAGE);
                position.setText("page " + page + " of " + pages + " (" + l.page().total() + " entries)");
                AuditVerification v = l.verification();
                if (v.valid()) {
                    verification.setText("Hash chain intact: " + v.entriesChecked() + " entries checked, head "
                            + (v.headHash() == null ? "–" : v.headHash().substring(0, Math.min(16, v.headHash().length()))) + ".");
                    verification.setStyle("-fx-text-fill: #067647;");
                } else {
                    verification.setText("Hash chain BROKEN at entry " + v.firstBadSeq() + ": " + v.reason()
                            + ". The log was changed outside AegisML.");
                    verification.setStyle("-fx-text-fill: #b42318; -fx-font-weight: bold;");
                }
            }, t -> loading = false);
        }
    }
}
