package org.aegisml.testing;

import java.time.Duration;
import java.util.Hashtable;
import java.util.function.Predicate;

import org.aegisml.console.View;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The operator console's window in a test runtime, driven through its controls by their ids
 * (the way an operator would: type, click, pick a view, select a row). JavaFX and the console
 * API are optional imports of this bundle: only runtimes with the console load this class.
 */
public final class ConsoleWindow {
    public static final String TITLE = "AegisML operator console";
    private final Scene scene;
    private final Duration wait;

    private ConsoleWindow(Scene scene, Duration wait) {
        this.scene = scene;
        this.wait = wait;
    }

    /**
     * Reconfigures the console (reload every second, closing the window does not stop the
     * framework), which opens a fresh window, and returns it once it shows the connect pane.
     */
    public static ConsoleWindow open(Duration wait) throws Exception {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("refreshSeconds", 1);
        p.put("exitOnClose", false);
        Stage before = stage();
        TestRuntime.configure("org.aegisml.console", p);
        Fx.await("the console window", wait, () -> {
            Stage s = stage();
            return s != null && s != before && s.getScene().lookup("#connect") != null;
        });
        return new ConsoleWindow(Fx.call(() -> stage().getScene()), wait);
    }

    private static Stage stage() {
        return Fx.call(() -> Window.getWindows().stream().filter(w -> w instanceof Stage s && w.isShowing()
                && TITLE.equals(s.getTitle())).map(w -> (Stage) w).findFirst().orElse(null));
    }

    public Scene scene() {
        return scene;
    }

    /** The text of a label or a text field. */
    public String text(String id) {
        return Fx.call(() -> {
            var n = scene.lookup("#" + id);
            return n instanceof Label l ? l.getText() : n instanceof TextInputControl t ? t.getText() : String.valueOf(n);
        });
    }

    public void type(String id, String text) {
        Fx.run(() -> ((TextInputControl) Fx.lookup(scene, id)).setText(text));
    }

    /** Fires a button; fails when it is disabled (an operator could not click it). */
    public void click(String id) {
        Fx.run(() -> {
            Button b = Fx.lookup(scene, id);
            if (b.isDisabled()) throw new AssertionError("#" + id + " is disabled");
            b.fire();
        });
    }

    /** Picks a view in the navigation list once its service is there. */
    @SuppressWarnings("unchecked")
    public void openView(String id) {
        Fx.await("the " + id + " view in the list", wait, () -> ((ListView<View>) Fx.lookup(scene, "nav")).getItems().stream()
                .anyMatch(v -> v.id().equals(id)));
        Fx.run(() -> {
            ListView<View> nav = Fx.lookup(scene, "nav");
            nav.getItems().stream().filter(v -> v.id().equals(id)).findFirst().ifPresent(v -> nav.getSelectionModel().select(v));
        });
    }

    /** Selects the first row the predicate accepts, once a refresh has brought it. */
    @SuppressWarnings("unchecked")
    public <R> void selectRow(String table, Predicate<R> which) {
        Fx.await("the row in #" + table, wait, () -> {
            TableView<R> t = (TableView<R>) scene.lookup("#" + table);
            if (t == null) return false;
            for (R r : t.getItems()) {
                if (which.test(r)) {
                    t.getSelectionModel().select(r);
                    return true;
                }
            }
            return false;
        });
    }

    public java.nio.file.Path screenshot(String name) throws java.io.IOException {
        return Fx.screenshot(scene, name);
    }
}
