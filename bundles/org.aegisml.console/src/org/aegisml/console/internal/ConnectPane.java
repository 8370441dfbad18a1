package org.aegisml.console.internal;

import java.util.function.BiConsumer;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Where the operator picks the data source: a server URL and an API key (remote mode), or the
 * embedded store in this process (local mode). The last server is filled in; the key never.
 */
final class ConnectPane {
    private final VBox root;
    private final TextField server = new TextField();
    private final PasswordField key = new PasswordField();
    private final Label message = new Label();
    private final Button connect = new Button("Connect");
    private final Button local = new Button("Use the local store");

    ConnectPane(String lastServer, String localDir, BiConsumer<String, String> onRemote, Runnable onLocal) {
        server.setId("server");
        server.setPromptText("http://localhost:8080");
        server.setText(lastServer);
        server.setPrefColumnCount(32);
        key.setId("key");
        key.setPromptText("aegis_...");
        connect.setId("connect");
        connect.setDefaultButton(true);
        local.setId("local");
        message.setId("connect-message");
        message.setWrapText(true);
        message.setMaxWidth(520);
        connect.setOnAction(e -> {
            if (server.getText().isBlank()) {
                message.setText("Enter the server's URL.");
                return;
            }
            busy("Connecting to " + server.getText().strip() + "...");
            onRemote.accept(server.getText().strip(), key.getText());
        });
        local.setOnAction(e -> {
            busy("Starting the services on the local store...");
            onLocal.run();
        });
        GridPane form = new GridPane(10, 10);
        form.addRow(0, new Label("Server"), server);
        form.addRow(1, new Label("API key"), key);
        Label title = new Label("Connect to an AegisML server");
        title.setStyle("-fx-font-size: 18px;");
        Label hint = new Label("Or run the services inside the console on the embedded store in " + localDir
                + " (one operator, or a demo).");
        hint.setWrapText(true);
        hint.setMaxWidth(520);
        root = new VBox(14, title, form, new HBox(10, connect), message, new Label(" "), hint, local);
        root.setPadding(new Insets(40));
        root.setMaxWidth(640);
    }

    private void busy(String text) {
        message.setText(text);
        connect.setDisable(true);
        local.setDisable(true);
    }

    /** Connecting failed: say why and let the operator try again. */
    void failed(String why) {
        message.setText(why);
        connect.setDisable(false);
        local.setDisable(false);
        key.requestFocus();
    }

    void prefill(String url) {
        server.setText(url);
    }

    Node node() {
        return root;
    }
}
