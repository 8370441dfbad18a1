package org.aegisml.console.views.internal;

import java.util.function.Consumer;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * An inline confirmation: "Roll back rollout r-12?" with a reason field and Confirm / Cancel.
 * Inline rather than a modal dialog, so the window stays live (and keyboard-driven) while the
 * operator decides. Confirm stays disabled until a reason is written: every action is audited
 * with it.
 */
final class Confirm extends HBox {
    private final Label question = new Label();
    private final TextField reason = new TextField();
    private final Button ok = new Button("Confirm");
    private final Button cancel = new Button("Cancel");
    private Consumer<String> pending;

    Confirm(String id) {
        super(8);
        setId(id);
        reason.setId(id + "-reason");
        reason.setPromptText("Reason (recorded in the audit log)");
        HBox.setHgrow(reason, Priority.ALWAYS);
        ok.setId(id + "-ok");
        cancel.setId(id + "-cancel");
        ok.disableProperty().bind(reason.textProperty().isEmpty());
        ok.setDefaultButton(true);
        ok.setOnAction(e -> {
            Consumer<String> p = pending;
            String why = reason.getText().strip();
            close();
            if (p != null) p.accept(why);
        });
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close());
        getChildren().addAll(question, reason, ok, cancel);
        setPadding(new Insets(6));
        setStyle("-fx-background-color: #fffaeb; -fx-border-color: #fec84b;");
        close();
    }

    void ask(String text, Consumer<String> then) {
        question.setText(text);
        reason.clear();
        pending = then;
        setVisible(true);
        setManaged(true);
        reason.requestFocus();
    }

    private void close() {
        pending = null;
        setVisible(false);
        setManaged(false);
    }
}
