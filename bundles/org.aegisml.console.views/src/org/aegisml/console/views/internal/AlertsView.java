package org.aegisml.console.views.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.aegisml.api.PageRequest;
import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertQuery;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.console.View;
import org.aegisml.console.ViewContext;
import org.aegisml.console.ViewPane;
import org.aegisml.console.views.internal.model.Format;
import org.osgi.service.component.annotations.Component;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Firing alerts, and every alert of the last seven days with how it ended. */
@Component(service = View.class)
public final class AlertsView implements View {
    static final Duration HISTORY = Duration.ofDays(7);

    @Override
    public String id() {
        return "alerts";
    }

    @Override
    public String title() {
        return "Alerts";
    }

    @Override
    public int order() {
        return 70;
    }

    @Override
    public ViewPane open(ViewContext ctx) {
        return new Pane(ctx);
    }

    private record Loaded(List<Alert> firing, List<Alert> history, long total) {
    }

    private static final class Pane implements ViewPane {
        private final ViewContext ctx;
        private final ZoneId zone = ZoneId.systemDefault();
        private final Tables<Alert> firing = table("alerts-firing");
        private final Tables<Alert> history = table("alerts-history");
        private final Label historyTitle = new Label("Last 7 days");
        private final VBox root;
        private boolean loading;
        private String wanted;

        Pane(ViewContext ctx) {
            this.ctx = ctx;
            historyTitle.setStyle("-fx-font-weight: bold;");
            Label f = new Label("Firing");
            f.setStyle("-fx-font-weight: bold;");
            root = new VBox(6, new HBox(8, f, firing.filter()), firing.table(), new HBox(8, historyTitle, history.filter()),
                    history.table());
            VBox.setVgrow(firing.table(), Priority.ALWAYS);
            VBox.setVgrow(history.table(), Priority.ALWAYS);
            root.setPadding(new Insets(10));
        }

        private Tables<Alert> table(String id) {
            Tables<Alert> t = new Tables<>(id, Alert::id, a -> String.join(" ", a.ruleName(), a.severity().wire(), a.state().name()));
            t.column("Severity", a -> a.severity().wire(), 80).column("Rule", Alert::ruleName, 220)
                    .column("State", a -> Format.words(a.state()), 80)
                    .column("Started", a -> Format.time(a.startedAt(), zone), 150)
                    .column("Resolved", a -> Format.time(a.resolvedAt(), zone), 150)
                    .column("Last value", a -> Format.number(a.lastValue()), 90)
                    .column("Notifications", Alert::notifications, 100);
            return t;
        }

        @Override
        public Node node() {
            return root;
        }

        @Override
        public void refresh() {
            if (loading) return;
            loading = true;
            ctx.background("Loading alerts", () -> {
                Alerts alerts = ctx.service(Alerts.class);
                Instant now = Instant.now();
                var page = alerts.history(new AlertQuery(null, null, now.minus(HISTORY), now, new PageRequest(1, PageRequest.MAX_SIZE)));
                return new Loaded(alerts.firing(), page.items(), page.total());
            }, l -> {
                loading = false;
                firing.set(l.firing());
                history.set(l.history());
                historyTitle.setText("Last 7 days (" + l.total() + (l.total() > l.history().size()
                        ? ", the latest " + l.history().size() + " shown)" : ")"));
                if (wanted != null && (firing.select(wanted) || history.select(wanted))) wanted = null;
            }, t -> loading = false);
        }

        @Override
        public void select(String id) {
            if (!firing.select(id) && !history.select(id)) wanted = id;
        }
    }
}
