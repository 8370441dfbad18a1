package org.aegisml.monitoring.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.aegisml.api.monitoring.Event;
import org.aegisml.api.monitoring.SignalScore;
import org.aegisml.api.store.MonitoringRepository.EventRow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The stored form of an event: indexed columns plus a JSON payload in the event contract's
 * own field names, so a stored event reads like the one that was sent, with the signals
 * AegisML scored on it.
 */
final class Payloads {
    private Payloads() {
    }

    static EventRow row(MonitoringService.Accepted a) {
        Event e = a.event();
        return new EventRow(a.id(), a.ts(), a.model(), a.version(), a.endpoint(), a.arm().wire(), e.error(),
                e.latencyMs(), e.inputTokens(), e.outputTokens(), a.cost(), payload(a));
    }

    static String payload(MonitoringService.Accepted a) {
        Event e = a.event();
        java.io.StringWriter w = new java.io.StringWriter(256);
        try (JsonGenerator g = EventParser.JSON.createGenerator(w)) {
            g.writeStartObject();
            if (e.projectId() != null) g.writeStringField("project_id", e.projectId());
            if (!e.features().isEmpty()) {
                g.writeObjectFieldStart("features");
                for (Map.Entry<String, Object> f : e.features().entrySet()) {
                    g.writeFieldName(f.getKey());
                    scalar(g, f.getValue());
                }
                g.writeEndObject();
            }
            if (e.yPred() != null) {
                g.writeFieldName("y_pred");
                scalar(g, e.yPred());
            }
            if (e.yProba() != null) {
                g.writeFieldName("y_proba");
                proba(g, e.yProba());
            }
            if (e.yTrue() != null) {
                g.writeFieldName("y_true");
                scalar(g, e.yTrue());
            }
            if (e.promptVersion() != null) g.writeStringField("prompt_version", e.promptVersion());
            if (e.input() != null) g.writeStringField("input", e.input());
            if (e.output() != null) g.writeStringField("output", e.output());
            strings(g, "context", e.context());
            strings(g, "samples", e.samples());
            if (!a.signals().isEmpty()) {
                g.writeObjectFieldStart("signals");
                for (Map.Entry<String, SignalScore> s : a.signals().entrySet()) {
                    g.writeObjectFieldStart(s.getKey());
                    g.writeNumberField("score", s.getValue().score());
                    strings(g, "findings", s.getValue().findings());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return w.toString();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values.isEmpty()) return;
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    private static void scalar(JsonGenerator g, Object v) throws IOException {
        if (v == null) g.writeNull();
        else if (v instanceof Double d) g.writeNumber(d);
        else g.writeString(v.toString());
    }

    private static void proba(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) g.writeNumber((Double) o);
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> x : m.entrySet()) g.writeNumberField(x.getKey().toString(), (Double) x.getValue());
            g.writeEndObject();
        }
    }

    /**
     * The probability summarised for an event: the number itself, or the highest class
     * probability (the model's confidence) of an array or an object.
     */
    static Double probability(Object yProba) {
        if (yProba == null) return null;
        if (yProba instanceof Double d) return d;
        Iterable<?> values = yProba instanceof Map<?, ?> m ? m.values() : (List<?>) yProba;
        Double best = null;
        for (Object o : values) {
            double d = (Double) o;
            if (best == null || d > best) best = d;
        }
        return best;
    }

    /** A label as stored: a JSON number or string. */
    static String json(Object v) {
        if (v instanceof Double d) return Double.toString(d);
        java.io.StringWriter w = new java.io.StringWriter(256);
        try (JsonGenerator g = EventParser.JSON.createGenerator(w)) {
            g.writeString(v.toString());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return w.toString();
    }

    /** The prediction stored in a payload, as Double or String; null when there is none. */
    static Object prediction(String payload) {
        try (JsonParser p = EventParser.JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals("y_pred")) {
                    return switch (t) {
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                        case VALUE_STRING -> p.getText();
                        default -> null;
                    };
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }
}
