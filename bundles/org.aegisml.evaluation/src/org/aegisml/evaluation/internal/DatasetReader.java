package org.aegisml.evaluation.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.ValidationException;
import org.aegisml.api.evaluation.Example;
import org.aegisml.api.evaluation.Expectation;
import org.aegisml.api.registry.DatasetFormat;
import org.aegisml.api.registry.FeatureSpec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a golden dataset version (CSV with a header row, or NDJSON) into examples. Reserved
 * columns: {@code id}; the expected value {@code expected} (or {@code label}, {@code y_true});
 * {@code expected_regex}; {@code expected_schema} (JSON text, or an object in NDJSON);
 * {@code context} (text, or an array of passages in NDJSON). Every other column is an input.
 * CSV cells of {@code number}/{@code integer} columns (by the schema the registry derived) are
 * numbers; empty cells are null.
 */
final class DatasetReader {
    static final Set<String> EXPECTED = Set.of("expected", "label", "y_true");
    static final Set<String> RESERVED = Set.of("id", "expected", "label", "y_true", "expected_regex", "expected_schema",
            "context");

    private DatasetReader() {
    }

    static List<Example> read(DatasetFormat format, List<FeatureSpec> schema, InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
        List<Example> out = new ArrayList<>();
        if (format == DatasetFormat.CSV) {
            Map<String, String> types = new HashMap<>();
            for (FeatureSpec f : schema) types.put(f.name(), f.type());
            List<String> header = Csv.record(r);
            if (header == null) return out;
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) header.set(0, header.get(0).substring(1));
            List<String> cells;
            int row = 0;
            while ((cells = Csv.record(r)) != null) {
                row++;
                if (cells.size() == 1 && cells.get(0).isEmpty()) continue;
                if (cells.size() != header.size()) {
                    throw new ValidationException("dataset", "row " + row + " has " + cells.size() + " cells; the header has "
                            + header.size());
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    String c = cells.get(i), t = types.get(header.get(i));
                    Object v = c.isEmpty() ? null : c;
                    if (v != null && ("number".equals(t) || "integer".equals(t))) v = Values.number(c);
                    values.put(header.get(i), v);
                }
                out.add(example(row, values));
            }
        } else {
            String line;
            int row = 0;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                row++;
                JsonNode n;
                try {
                    n = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new ValidationException("dataset", "line " + row + " is not JSON");
                }
                if (n == null || !n.isObject()) throw new ValidationException("dataset", "line " + row + " is not a JSON object");
                @SuppressWarnings("unchecked")
                Map<String, Object> values = Json.MAPPER.convertValue(n, LinkedHashMap.class);
                out.add(example(row, values));
            }
        }
        return out;
    }

    private static Example example(int row, Map<String, Object> values) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        Object expected = null;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!RESERVED.contains(e.getKey())) inputs.put(e.getKey(), e.getValue());
            else if (EXPECTED.contains(e.getKey()) && expected == null) expected = e.getValue();
        }
        Object id = values.get("id");
        Object regex = values.get("expected_regex");
        Object context = values.get("context");
        List<String> passages = new ArrayList<>();
        if (context instanceof List<?> l) for (Object o : l) passages.add(String.valueOf(o));
        else if (context != null) passages.add(context.toString());
        return new Example(id == null ? Integer.toString(row) : Values.label(id), inputs,
                new Expectation(expected, regex == null ? null : regex.toString(), values.get("expected_schema"), passages));
    }
}
