package org.aegisml.console;

import javafx.scene.Node;

/** The open content of a {@link View}. Every method runs on the JavaFX application thread. */
public interface ViewPane {
    Node node();

    /**
     * Reloads what the view shows: called when the view is shown, every refresh period while it
     * is, and on F5. Start background work here ({@link ViewContext#background}); a view whose
     * previous load has not finished should skip the refresh rather than queue another one.
     */
    void refresh();

    /** Selects one item (a deployment name, a rollout or approval id) when another view opens this one for it. */
    default void select(String item) {
    }

    /** The view is removed or the console closes: stop anything the pane started. */
    default void close() {
    }
}
