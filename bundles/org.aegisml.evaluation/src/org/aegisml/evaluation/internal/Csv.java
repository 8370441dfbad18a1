package org.aegisml.evaluation.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import org.aegisml.api.ValidationException;

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
final class Csv {
    private Csv() {
    }

    /** The next record's cells, or null at the end of the input. */
    static List<String> record(BufferedReader in) throws IOException {
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
                int last = cell.length() - 1;
                if (last >= 0 && cell.charAt(last) == '\r') cell.setLength(last);
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

    static void write(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) w.write(',');
            String c = cells.get(i) == null ? "" : cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                w.write('"');
                w.write(c.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(c);
            }
        }
        w.write('\n');
    }
}
