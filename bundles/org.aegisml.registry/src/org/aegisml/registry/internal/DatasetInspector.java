package org.aegisml.registry.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.aegisml.api.ValidationException;
import org.aegisml.api.registry.DatasetFormat;
import org.aegisml.api.registry.FeatureSpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a dataset file once to count its rows and infer its schema. CSV follows RFC 4180
 * (quoted fields may hold commas, quotes and line breaks) with a header row; NDJSON is one
 * JSON object per line. A column's type is the narrowest that fits every non-empty value.
 */
final class DatasetInspector {
    record Result(long rows, List<FeatureSpec> schema) {
    }

    private DatasetInspector() {
    }

    static DatasetFormat detect(DatasetFormat declared, String filename, String mediaType) {
        if (declared != null) return declared;
        String f = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        String m = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        if (f.endsWith(".csv") || m.startsWith("text/csv")) return DatasetFormat.CSV;
        if (f.endsWith(".ndjson") || f.endsWith(".jsonl") || m.startsWith("application/x-ndjson")
                || m.startsWith("application/jsonl")) {
            return DatasetFormat.NDJSON;
        }
        throw new ValidationException("format", "cannot tell the dataset format: name the file .csv or .ndjson, "
                + "send text/csv or application/x-ndjson, or set \"format\"");
    }

    static Result inspect(DatasetFormat format, InputStream in, ObjectMapper json) throws IOException {
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        try (BufferedReader br = new BufferedReader(r, 64 * 1024)) {
            return format == DatasetFormat.CSV ? csv(br) : ndjson(br, json);
        } catch (CharacterCodingException e) {
            throw new ValidationException("file", "the dataset is not valid UTF-8 text");
        }
    }

    // ---- CSV

    private static Result csv(BufferedReader in) throws IOException {
        CsvReader csv = new CsvReader(in);
        List<String> header = csv.next();
        if (header == null) throw new ValidationException("file", "the CSV file is empty: a header row is required");
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) header.set(0, header.get(0).substring(1));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String h : header) {
            if (h.isBlank()) throw new ValidationException("file", "the CSV header has an empty column name");
            if (!seen.add(h)) throw new ValidationException("file", "the CSV header names column '" + h + "' twice");
        }
        String[] types = new String[header.size()];
        long rows = 0;
        List<String> row;
        while ((row = csv.next()) != null) {
            if (row.size() == 1 && row.get(0).isEmpty()) continue; // blank line
            rows++;
            if (row.size() != header.size()) {
                throw new ValidationException("file", "CSV record " + rows + " (line " + csv.line() + ") has "
                        + row.size() + " fields; the header has " + header.size());
            }
            for (int i = 0; i < types.length; i++) types[i] = widen(types[i], csvType(row.get(i)));
        }
        List<FeatureSpec> schema = new ArrayList<>();
        for (int i = 0; i < types.length; i++) schema.add(new FeatureSpec(header.get(i), types[i] == null ? "string" : types[i]));
        return new Result(rows, schema);
    }

    private static String csvType(String v) {
        if (v.isEmpty()) return null;
        String t = v.strip();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) return "boolean";
        if (t.matches("[+-]?\\d{1,18}")) return "integer";
        try {
            double d = Double.parseDouble(t);
            if (!Double.isNaN(d) && !t.endsWith("d") && !t.endsWith("f") && !t.endsWith("D") && !t.endsWith("F")) {
                return "number";
            }
        } catch (NumberFormatException e) {
            // not a number
        }
        return "string";
    }

    /** The narrowest type that holds both: integer widens to number, anything else mixed is a string. */
    static String widen(String a, String b) {
        if (a == null) return b;
        if (b == null || a.equals(b)) return a;
        if ((a.equals("integer") && b.equals("number")) || (a.equals("number") && b.equals("integer"))) return "number";
        return "string";
    }

    /** Minimal RFC 4180 reader. */
    static final class CsvReader {
        private final Reader in;
        private long line = 1;
        private int peeked = -2;

        CsvReader(Reader in) {
            this.in = in;
        }

        long line() {
            return line;
        }

        private int read() throws IOException {
            if (peeked != -2) {
                int c = peeked;
                peeked = -2;
                return c;
            }
            return in.read();
        }

        List<String> next() throws IOException {
            int c = read();
            if (c == -1) return null;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            while (true) {
                if (c == -1) {
                    if (quoted) throw new ValidationException("file", "unterminated quoted CSV field at line " + line);
                    fields.add(f.toString());
                    return fields;
                }
                if (quoted) {
                    if (c == '"') {
                        int n = read();
                        if (n == '"') {
                            f.append('"');
                        } else {
                            quoted = false;
                            c = n;
                            continue;
                        }
                    } else {
                        if (c == '\n') line++;
                        f.append((char) c);
                    }
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(f.toString());
                    f.setLength(0);
                    fieldStart = true;
                    c = read();
                    continue;
                } else if (c == '\r' || c == '\n') {
                    if (c == '\r') {
                        int n = read();
                        if (n != '\n') peeked = n;
                    }
                    line++;
                    fields.add(f.toString());
                    return fields;
                } else {
                    f.append((char) c);
                }
                fieldStart = false;
                c = read();
            }
        }
    }

    // ---- NDJSON

    private static Result ndjson(BufferedReader in, ObjectMapper json) throws IOException {
        Map<String, String> types = new LinkedHashMap<>();
        long rows = 0;
        long lineNo = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JsonProcessingException e) {
                throw new ValidationException("file", "line " + lineNo + " is not valid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new ValidationException("file", "line " + lineNo + " is not a JSON object");
            }
            rows++;
            for (var it = node.properties().iterator(); it.hasNext();) {
                var e = it.next();
                types.put(e.getKey(), widen(types.get(e.getKey()), jsonType(e.getValue())));
            }
        }
        List<FeatureSpec> schema = new ArrayList<>();
        types.forEach((k, v) -> schema.add(new FeatureSpec(k, v == null ? "string" : v)));
        return new Result(rows, schema);
    }

    private static String jsonType(JsonNode v) {
        if (v.isNull()) return null;
        if (v.isBoolean()) return "boolean";
        if (v.isIntegralNumber()) return "integer";
        if (v.isNumber()) return "number";
        if (v.isArray()) return "array";
        if (v.isObject()) return "object";
        return "string";
    }
}
