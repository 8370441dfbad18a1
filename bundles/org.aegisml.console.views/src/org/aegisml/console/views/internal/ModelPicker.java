package org.aegisml.console.views.internal;

import org.aegisml.api.PageRequest;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetQuery;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.Registry;
import org.aegisml.console.ViewContext;

import javafx.scene.control.ComboBox;

/** A model chooser filled from the registry (first model picked when nothing is). */
final class ModelPicker {
    private ModelPicker() {
    }

    static ComboBox<String> create(String id) {
        ComboBox<String> c = new ComboBox<>();
        c.setId(id);
        c.setPromptText("model");
        return c;
    }

    /** Loads the model names when the chooser is still empty; true when it did (the caller waits). */
    static boolean fillIfEmpty(ComboBox<String> model, ViewContext ctx) {
        if (!model.getItems().isEmpty()) return false;
        ctx.background("Loading models", () -> ctx.service(Registry.class).list(new AssetQuery(AssetType.MODEL, null, null, null,
                new PageRequest(1, PageRequest.MAX_SIZE))).items().stream().map(Asset::name).sorted().toList(), names -> {
                    model.getItems().setAll(names);
                    if (model.getValue() == null && !names.isEmpty()) model.setValue(names.getFirst());
                });
        return true;
    }
}
