package org.aegisml.monitoring.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.aegisml.api.ValidationException;
import org.aegisml.api.registry.DatasetFormat;
import org.aegisml.api.registry.FeatureSpec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Streams the rows of a registered dataset file (CSV with a header row, or NDJSON) as
 * column name to value: a Double, a String, or null for an empty cell. CSV cells are typed
 * by the dataset's schema (which the registry derived from the file): {@code number} and
 * {@code integer} columns are numbers, everything else text; booleans become the text
 * {@code true}/{@code false}. NDJSON values keep their JSON type; arrays and objects are
 * passed as {@link Nested} (only {@code y_proba} can use them).
 */
final class DatasetRows {
    /** A JSON array or object cell: its probability view for {@code y_proba}, else unusable. */
    record Nested(Object value) {
    }

    interface Sink {
        void row(long number, Map<String, Object> values);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private DatasetRows() {
    }

    static void read(DatasetFormat format, List<FeatureSpec> schema, InputStream in, Sink sink) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024);
        try {
            if (format == DatasetFormat.CSV) csv(r, schema, sink);
            else ndjson(r, sink);
        } catch (CharacterCodingException e) {
            throw new ValidationException("dataset", "the dataset is not valid UTF-8 text");
        }
    }

    // ---- CSV (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks)

    private static void csv(BufferedReader in, List<FeatureSpec> schema, Sink sink) throws IOException {
        List<String> header = record(in);
        if (header == null) return;
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) header.set(0, header.get(0).substring(1));
        Map<String, String> types = new HashMap<>();
        for (FeatureSpec f : schema) types.put(f.name(), f.type());
        boolean[] numeric = new boolean[header.size()];
        for (int i = 0; i < numeric.length; i++) {
            String t = types.get(header.get(i));
            numeric[i] = "number".equals(t) || "integer".equals(t);
        }
        long row = 0;
        List<String> cells;
        while ((cells = record(in)) != null) {
            row++;
            if (cells.size() == 1 && cells.get(0).isEmpty()) continue;
            if (cells.size() != header.size()) {
                throw new ValidationException("dataset", "row " + row + " has " + cells.size() + " cells; the header has "
                        + header.size());
            }
            Map<String, Object> values = new HashMap<>(header.size() * 2);
            for (int i = 0; i < cells.size(); i++) {
                String c = cells.get(i);
                Object v;
                if (c.isEmpty()) v = null;
                else if (numeric[i]) v = number(c, row, header.get(i));
                else v = c;
                values.put(header.get(i), v);
            }
            sink.row(row, values);
        }
    }

    private static Double number(String cell, long row, String column) {
        try {
            double d = Double.parseDouble(cell.strip());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new ValidationException("dataset", "row " + row + ", column '" + column + "': '" + cell
                    + "' is not a finite number");
        }
    }

    /** The next record's cells, or null at the end of the input. */
    private static List<String> record(BufferedReader in) throws IOException {
        int ch = in.read();
        if (ch < 0) return null;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (quoted) {
                if (ch < 0) throw new ValidationException("dataset", "a quoted CSV field is not closed");
                if (ch == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        if (next >= 0) in.reset();
                    }
                } else {
                    cell.append((char) ch);
                }
            } else if (ch < 0 || ch == '\n') {
                int n = cell.length();
                if (n > 0 && cell.charAt(n - 1) == '\r') cell.setLength(n - 1);
                cells.add(cell.toString());
                return cells;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '"' && cell.isEmpty()) {
                quoted = true;
            } else {
                cell.append((char) ch);
            }
            ch = in.read();
        }
    }

    // ---- NDJSON

    private static void ndjson(BufferedReader in, Sink sink) throws IOException {
        String line;
        long row = 0;
        while ((line = in.readLine()) != null) {
            row++;
            if (line.isBlank()) continue;
            Map<String, Object> values = new HashMap<>();
            try (JsonParser p = MAPPER.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new ValidationException("dataset", "line " + row + " is not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    values.put(name, switch (t) {
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                            double d = p.getDoubleValue();
                            yield Double.isFinite(d) ? d : null;
                        }
                        case VALUE_STRING -> p.getText();
                        case VALUE_TRUE, VALUE_FALSE -> p.getText().toLowerCase(Locale.ROOT);
                        case START_ARRAY, START_OBJECT -> new Nested(p.readValueAs(Object.class));
                        default -> null;
                    });
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ValidationException("dataset", "line " + row + " is not valid JSON: " + e.getOriginalMessage());
            }
            sink.row(row, values);
        }
    }
}
