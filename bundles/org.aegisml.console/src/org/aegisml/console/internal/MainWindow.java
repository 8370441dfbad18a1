package org.aegisml.console.internal;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.aegisml.console.View;
import org.aegisml.console.ViewContext;
import org.aegisml.console.ViewPane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The console window: the registered views on the left (live: a view service that comes or
 * goes is added or removed), the open view in the middle, the session, connection state and a
 * progress indicator on top, and a status line at the bottom. Everything here runs on the
 * JavaFX thread.
 */
final class MainWindow {
    private static final Logger LOG = LoggerFactory.getLogger(MainWindow.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final Stage stage;
    private final Background background;
    private final ObservableList<View> views = FXCollections.observableArrayList();
    private final Map<String, ViewPane> panes = new HashMap<>();
    private final ListView<View> nav = new ListView<>(views);
    private final StackPane content = new StackPane();
    private final Label sessionLabel = new Label("not connected");
    private final ConnectionIndicator indicator = new ConnectionIndicator();
    private final Label status = new Label("");
    private final javafx.scene.control.Button disconnect = new javafx.scene.control.Button("Disconnect");
    private final Timeline refresher;
    private final ConnectPane connect;
    private volatile Session session;
    private View current;
    private boolean firstShown;

    MainWindow(Stage stage, Background background, ConnectPane connect, int refreshSeconds) {
        this.stage = stage;
        this.background = background;
        this.connect = connect;
        nav.setId("nav");
        nav.setPrefWidth(190);
        nav.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(View v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : v.title());
                setId(empty || v == null ? null : "nav-" + v.id());
            }
        });
        nav.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> show(now, null));
        content.setId("content");
        status.setId("status");
        status.setWrapText(true);
        sessionLabel.setId("session");
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("progress");
        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(background.busy().greaterThan(0));
        disconnect.setId("disconnect");
        disconnect.setVisible(false);
        disconnect.setOnAction(e -> disconnect());
        Label brand = new Label("AegisML");
        brand.setStyle("-fx-font-weight: bold; -fx-font-size: 15px;");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(12, brand, sessionLabel, grow, indicator, progress, disconnect);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6, 10, 6, 10));
        top.setStyle("-fx-background-color: #eef1f5; -fx-border-color: #d0d5dd; -fx-border-width: 0 0 1 0;");
        HBox bottom = new HBox(status);
        bottom.setPadding(new Insets(4, 10, 4, 10));
        bottom.setStyle("-fx-border-color: #d0d5dd; -fx-border-width: 1 0 0 0;");
        BorderPane root = new BorderPane(content, top, null, bottom, nav);
        Scene scene = new Scene(root, 1280, 820);
        keys(scene);
        stage.setTitle("AegisML operator console");
        stage.setScene(scene);
        refresher = new Timeline(new KeyFrame(Duration.seconds(Math.max(1, refreshSeconds)), e -> refresh()));
        refresher.setCycleCount(Timeline.INDEFINITE);
        showConnect();
    }

    /** Ctrl+1..9 open the n-th view, Ctrl+Tab / Ctrl+Shift+Tab the next / previous, F5 reloads. */
    private void keys(Scene scene) {
        for (int i = 1; i <= 9; i++) {
            int index = i - 1;
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.valueOf("DIGIT" + i), KeyCombination.SHORTCUT_DOWN),
                    () -> select(index));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.TAB, KeyCombination.CONTROL_DOWN),
                () -> select((nav.getSelectionModel().getSelectedIndex() + 1) % Math.max(1, views.size())));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.TAB, KeyCombination.CONTROL_DOWN, KeyCombination.SHIFT_DOWN),
                () -> select((nav.getSelectionModel().getSelectedIndex() - 1 + views.size()) % Math.max(1, views.size())));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), this::refresh);
    }

    private void select(int index) {
        if (session != null && index >= 0 && index < views.size()) nav.getSelectionModel().select(index);
    }

    void show() {
        stage.show();
        refresher.play();
    }

    Stage stage() {
        return stage;
    }

    // ---- views, live

    void add(View v) {
        views.removeIf(x -> x.id().equals(v.id()));
        views.add(v);
        FXCollections.sort(views, Comparator.comparingInt(View::order).thenComparing(View::title));
        if (session != null && current == null && pendingOpen == null && nav.getSelectionModel().isEmpty()) {
            nav.getSelectionModel().select(0);
        }
        if (session != null && pendingOpen != null && pendingOpen.view().equals(v.id())) open(pendingOpen.view(), pendingOpen.item());
    }

    void remove(View v) {
        ViewPane p = panes.remove(v.id());
        if (p != null) close(v, p);
        boolean wasCurrent = current != null && current.id().equals(v.id());
        views.removeIf(x -> x == v);
        if (wasCurrent) {
            current = null;
            content.getChildren().clear();
            if (session != null) content.getChildren().add(placeholder(v.title() + " went away (its bundle stopped)."));
        }
    }

    private record Pending(String view, String item) {
    }

    private Pending pendingOpen;

    void open(String viewId, String item) {
        for (View v : views) {
            if (v.id().equals(viewId)) {
                pendingOpen = null;
                if (current == v) {
                    ViewPane p = panes.get(v.id());
                    if (p != null && item != null) guard(v, () -> p.select(item));
                } else {
                    show(v, item);
                    nav.getSelectionModel().select(v);
                }
                return;
            }
        }
        pendingOpen = new Pending(viewId, item); // opened when that view's service arrives
    }

    private void show(View v, String item) {
        if (v == null || session == null) return;
        if (current == v && item == null) return;
        ViewPane pane = panes.get(v.id());
        if (pane == null) {
            try {
                pane = v.open(context);
            } catch (RuntimeException e) {
                LOG.warn("View {} failed to open", v.id(), e);
                status("The view " + v.title() + " failed to open: " + e);
                return;
            }
            panes.put(v.id(), pane);
        }
        current = v;
        content.getChildren().setAll(pane.node());
        if (!firstShown) {
            firstShown = true;
            // Read by releng/bench/console.sh: start-to-first-view is one of the console's figures.
            LOG.info("First view ({}) shown {} ms after the JVM started", v.title(),
                    System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        }
        ViewPane p = pane;
        if (item != null) guard(v, () -> p.select(item));
        guard(v, p::refresh);
    }

    private void refresh() {
        if (session == null || current == null) return;
        ViewPane p = panes.get(current.id());
        if (p != null) guard(current, p::refresh);
    }

    /** A view that throws is reported and closed; the console and the other views go on. */
    private void guard(View v, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("View {} failed", v.id(), e);
            status("The view " + v.title() + " failed and was closed: " + e);
            ViewPane p = panes.remove(v.id());
            if (p != null) close(v, p);
            if (current == v) {
                current = null;
                content.getChildren().setAll(placeholder(v.title() + " failed: " + e.getMessage()));
            }
        }
    }

    /** Closes every open pane (the session they loaded from is going away). */
    private void closePanes() {
        panes.forEach((id, p) -> views.stream().filter(v -> v.id().equals(id)).findFirst().ifPresent(v -> close(v, p)));
        panes.clear();
    }

    private void close(View v, ViewPane p) {
        try {
            p.close();
        } catch (RuntimeException e) {
            LOG.debug("View {} failed to close", v.id(), e);
        }
    }

    // ---- session

    /** Back to the connect pane: the session's services go away, the views stay registered. */
    private void disconnect() {
        Session s = session;
        session = null;
        closePanes();
        nav.getSelectionModel().clearSelection();
        sessionLabel.setText("not connected");
        indicator.clear();
        disconnect.setVisible(false);
        showConnect();
        connect.failed("Disconnected from " + (s == null ? "the server" : s.source()) + ".");
        if (s != null) background.run(() -> {
            s.close();
            return null;
        }, x -> {
        }, t -> LOG.debug("Closing the session failed", t));
    }

    private void showConnect() {
        current = null;
        nav.setDisable(true);
        content.getChildren().setAll(connect.node());
    }

    void connected(Session s) {
        if (session != null) session.close();
        session = s;
        closePanes();
        sessionLabel.setText(s.source() + " as " + s.operator().name() + " (" + s.operator().role().name().toLowerCase(java.util.Locale.ROOT) + ")");
        indicator.connected();
        nav.setDisable(false);
        disconnect.setVisible(true);
        content.getChildren().setAll(placeholder("Loading views..."));
        if (pendingOpen != null) open(pendingOpen.view(), pendingOpen.item());
        else if (!views.isEmpty()) {
            nav.getSelectionModel().clearSelection();
            nav.getSelectionModel().select(0);
        }
    }

    Session session() {
        return session;
    }

    private Node placeholder(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-text-fill: #667085;");
        return l;
    }

    void status(String message) {
        status.setText(LocalTime.now().format(CLOCK) + "  " + message);
    }

    private void failed(String what, Throwable t) {
        status(what + ": " + Words.describe(t));
        indicator.failed(Words.kind(t));
    }

    private final ViewContext context = new WindowContext(this);

    /** Runs a view's background work; its result or failure reaches the window only if the session is still the same. */
    <T> void run(String what, Callable<T> work, Consumer<? super T> done, Consumer<Throwable> failed) {
        Session at = session;
        background.run(work, r -> {
            if (session != at) return; // the operator switched servers meanwhile
            indicator.connected();
            done.accept(r);
        }, t -> {
            if (session != at) return;
            failed(what, t);
            failed.accept(t);
        });
    }

    void dispose() {
        refresher.stop();
        closePanes();
        if (session != null) session.close();
        stage.hide();
    }
}
