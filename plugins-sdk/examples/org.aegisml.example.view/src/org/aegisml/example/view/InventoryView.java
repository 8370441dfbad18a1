package org.aegisml.example.view;

import org.aegisml.api.PageRequest;
import org.aegisml.api.registry.AssetQuery;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.Registry;
import org.aegisml.console.View;
import org.aegisml.console.ViewContext;
import org.aegisml.console.ViewPane;
import org.osgi.service.component.annotations.Component;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * How many models, prompts and datasets the registry holds. An example console plugin: a
 * {@link View} whiteboard service that asks the session for the API it needs
 * ({@link ViewContext#service}, so it works against a server and in local mode alike), reads in
 * the background and touches its controls only on the JavaFX thread (the done callback).
 */
@Component(service = View.class)
public final class InventoryView implements View {

    @Override
    public String id() {
        return "inventory";
    }

    @Override
    public String title() {
        return "Inventory";
    }

    @Override
    public int order() {
        return 900;
    }

    @Override
    public ViewPane open(ViewContext ctx) {
        Label counts = new Label("counting...");
        counts.setId("inventory-counts");
        VBox root = new VBox(8, new Label("What the registry holds"), counts);
        root.setPadding(new Insets(10));
        return new ViewPane() {
            @Override
            public Node node() {
                return root;
            }

            @Override
            public void refresh() {
                ctx.background("Counting registered assets", () -> {
                    Registry r = ctx.service(Registry.class);
                    long[] n = new long[3];
                    AssetType[] types = { AssetType.MODEL, AssetType.PROMPT, AssetType.DATASET };
                    for (int i = 0; i < types.length; i++) {
                        n[i] = r.list(new AssetQuery(types[i], null, null, null, new PageRequest(1, 1))).total();
                    }
                    return n[0] + " models, " + n[1] + " prompts, " + n[2] + " datasets";
                }, counts::setText);
            }
        };
    }
}
