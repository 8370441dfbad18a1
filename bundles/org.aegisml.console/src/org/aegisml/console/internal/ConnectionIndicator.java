package org.aegisml.console.internal;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;

/**
 * The dot and words in the window's corner: connected, unreachable since when, or key refused.
 * It follows what the views' background work meets, so it needs no polling of its own, and it
 * turns green again with the first answer after an outage.
 */
final class ConnectionIndicator extends HBox {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    enum State { NONE, CONNECTED, UNREACHABLE, KEY_REFUSED }

    private final Circle dot = new Circle(6, Color.GRAY);
    private final Label text = new Label("");
    private State state = State.NONE;

    ConnectionIndicator() {
        super(6);
        text.setId("connection");
        setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(dot, text);
    }

    State state() {
        return state;
    }

    void connected() {
        if (state == State.CONNECTED) return;
        state = State.CONNECTED;
        dot.setFill(Color.web("#12b76a"));
        text.setText("connected");
    }

    /** A failure of some background work: only the kinds that say something about the connection change it. */
    void failed(Words.Kind kind) {
        switch (kind) {
            case UNREACHABLE -> {
                if (state != State.UNREACHABLE) text.setText("server unreachable since " + LocalTime.now().format(CLOCK));
                state = State.UNREACHABLE;
                dot.setFill(Color.web("#f04438"));
            }
            case KEY_REFUSED -> {
                state = State.KEY_REFUSED;
                dot.setFill(Color.web("#f79009"));
                text.setText("key refused");
            }
            case OTHER -> {
            }
        }
    }

    void clear() {
        state = State.NONE;
        dot.setFill(Color.GRAY);
        text.setText("");
    }
}
