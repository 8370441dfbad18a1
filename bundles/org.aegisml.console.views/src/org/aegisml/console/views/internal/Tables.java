package org.aegisml.console.views.internal;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

/**
 * A sortable, filterable table: click a header to sort, type in the filter field to keep only
 * rows whose text contains it. Reloading keeps the sort order and the selected row (by key).
 */
final class Tables<R> {
    private final ObservableList<R> rows = FXCollections.observableArrayList();
    private final FilteredList<R> filtered = new FilteredList<>(rows, r -> true);
    private final TableView<R> table = new TableView<>();
    private final TextField filter = new TextField();
    private final Function<R, String> key;
    private final Function<R, String> text;

    Tables(String id, Function<R, String> key, Function<R, String> text) {
        this.key = key;
        this.text = text;
        SortedList<R> sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setId(id);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        filter.setId(id + "-filter");
        filter.setPromptText("Filter");
        filter.textProperty().addListener((o, was, now) -> {
            String f = now == null ? "" : now.strip().toLowerCase(Locale.ROOT);
            filtered.setPredicate(r -> f.isEmpty() || text.apply(r).toLowerCase(Locale.ROOT).contains(f));
        });
    }

    <V extends Comparable<? super V>> Tables<R> column(String title, Function<R, V> value, double width) {
        TableColumn<R, V> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        table.getColumns().add(c);
        return this;
    }

    void set(List<R> items) {
        R selected = table.getSelectionModel().getSelectedItem();
        String was = selected == null ? null : key.apply(selected);
        rows.setAll(items);
        if (was != null) select(was);
    }

    boolean select(String k) {
        for (R r : table.getItems()) {
            if (key.apply(r).equals(k)) {
                table.getSelectionModel().select(r);
                table.scrollTo(r);
                return true;
            }
        }
        return false;
    }

    TableView<R> table() {
        return table;
    }

    TextField filter() {
        return filter;
    }
}
