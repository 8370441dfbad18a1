package org.aegisml.monitoring.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.Event;
import org.aegisml.api.monitoring.Label;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Reads one event object with Jackson's streaming parser: about ten times cheaper than
 * binding to a tree, which matters at tens of thousands of events per second. Strict like
 * the rest of the API: a wrong type, an unknown field, a non-finite number or trailing
 * content is an error naming the field. Only the shape is checked here; what needs the
 * registry (does the model exist) is checked by the caller.
 */
final class EventParser {
    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build();
    static final int MAX_FEATURES = 2_000;
    static final int MAX_NAME = 200;
    static final int MAX_ID = 128;
    static final int MAX_LIST = 1_000;

    private EventParser() {
    }

    static Event parse(byte[] buf, int off, int len) {
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new ValidationException("an event must be a JSON object");
            Event e = readEvent(p);
            if (p.nextToken() != null) throw new ValidationException("unexpected content after the event object");
            return e;
        } catch (JsonProcessingException ex) {
            throw new ValidationException(null, "not valid JSON: " + ex.getOriginalMessage());
        } catch (IOException ex) {
            throw new ValidationException(null, "cannot read the event: " + ex.getMessage());
        }
    }

    static Label parseLabel(byte[] buf, int off, int len) {
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new ValidationException("a label must be a JSON object");
            String id = null;
            Object yTrue = null;
            boolean seenTrue = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "event_id" -> id = id(p, f);
                    case "y_true" -> {
                        yTrue = scalar(p, f);
                        seenTrue = true;
                    }
                    default -> throw new ValidationException(f, "unknown field '" + f + "' (expected event_id, y_true)");
                }
            }
            if (p.nextToken() != null) throw new ValidationException("unexpected content after the label object");
            if (id == null) throw new ValidationException("event_id", "event_id is required");
            if (!seenTrue || yTrue == null) throw new ValidationException("y_true", "y_true is required (a number or a string)");
            return new Label(id, yTrue);
        } catch (JsonProcessingException ex) {
            throw new ValidationException(null, "not valid JSON: " + ex.getOriginalMessage());
        } catch (IOException ex) {
            throw new ValidationException(null, "cannot read the label: " + ex.getMessage());
        }
    }

    private static Event readEvent(JsonParser p) throws IOException {
        String eventId = null, projectId = null, model = null, endpoint = null, promptVersion = null, input = null,
                output = null;
        Integer version = null;
        Instant ts = null;
        Double latency = null, cost = null;
        boolean error = false;
        Arm arm = null;
        Object yPred = null, yProba = null, yTrue = null;
        Map<String, Object> features = null;
        List<String> context = null, samples = null;
        Long inTok = null, outTok = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) continue;
            switch (f) {
                case "event_id" -> eventId = id(p, f);
                case "project_id" -> projectId = name(p, f);
                case "model_id" -> model = name(p, f);
                case "model_version" -> version = version(p, f);
                case "endpoint" -> endpoint = name(p, f);
                case "timestamp" -> ts = timestamp(p, f);
                case "latency_ms" -> latency = nonNegative(p, f);
                case "status" -> error = status(p, f);
                case "arm" -> arm = arm(p, f);
                case "y_pred" -> yPred = scalar(p, f);
                case "y_true" -> yTrue = scalar(p, f);
                case "y_proba" -> yProba = proba(p, f);
                case "features" -> features = features(p, f);
                case "prompt_version" -> promptVersion = text(p, f, MAX_NAME);
                case "input" -> input = text(p, f, Integer.MAX_VALUE);
                case "output" -> output = text(p, f, Integer.MAX_VALUE);
                case "context" -> context = strings(p, f);
                case "samples" -> samples = strings(p, f);
                case "input_tokens" -> inTok = count(p, f);
                case "output_tokens" -> outTok = count(p, f);
                case "cost" -> cost = nonNegative(p, f);
                default -> throw new ValidationException(f, "unknown field '" + f + "'");
            }
        }
        if (model == null) throw new ValidationException("model_id", "model_id is required");
        return new Event(eventId, projectId, model, version, endpoint, ts, latency, error, arm, yPred, yProba, yTrue,
                features, promptVersion, input, output, context, samples, inTok, outTok, cost);
    }

    private static String text(JsonParser p, String f, int max) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) throw wrongType(f, "a string", p);
        String s = p.getText();
        if (s.length() > max) throw new ValidationException(f, f + " is longer than " + max + " characters");
        return s;
    }

    private static String name(JsonParser p, String f) throws IOException {
        String s = text(p, f, MAX_NAME).strip();
        if (s.isEmpty()) throw new ValidationException(f, f + " must not be blank");
        return s;
    }

    private static String id(JsonParser p, String f) throws IOException {
        String s = text(p, f, MAX_ID);
        if (s.isBlank()) throw new ValidationException(f, f + " must not be blank");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) throw new ValidationException(f, f + " may only hold printable ASCII without spaces");
        }
        return s;
    }

    private static int version(JsonParser p, String f) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) throw wrongType(f, "a positive integer", p);
        long v = p.getLongValue();
        if (v < 1 || v > Integer.MAX_VALUE) throw new ValidationException(f, f + " must be a positive integer");
        return (int) v;
    }

    private static double finite(JsonParser p, String f) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) throw wrongType(f, "a number", p);
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) throw new ValidationException(f, f + " must be a finite number");
        return d;
    }

    private static double nonNegative(JsonParser p, String f) throws IOException {
        double d = finite(p, f);
        if (d < 0) throw new ValidationException(f, f + " must not be negative");
        return d;
    }

    private static long count(JsonParser p, String f) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) throw wrongType(f, "a non-negative integer", p);
        long v;
        try {
            v = p.getLongValue();
        } catch (IOException e) {
            throw new ValidationException(f, f + " is too large");
        }
        if (v < 0) throw new ValidationException(f, f + " must not be negative");
        return v;
    }

    private static boolean status(JsonParser p, String f) throws IOException {
        String s = text(p, f, 16).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "ok" -> false;
            case "error" -> true;
            default -> throw new ValidationException(f, "status must be ok or error, not '" + s + "'");
        };
    }

    private static Arm arm(JsonParser p, String f) throws IOException {
        String s = text(p, f, 16);
        try {
            return Arm.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(f, "arm must be one of stable, canary, shadow, a, b; not '" + s + "'");
        }
    }

    /**
     * ISO-8601 with an offset ({@code 2026-11-22T10:15:30Z}), or a number of milliseconds
     * since the epoch. Whether it is too far in the future or past is the caller's rule.
     */
    private static Instant timestamp(JsonParser p, String f) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(p.getLongValue());
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                throw new ValidationException(f, "timestamp must be ISO-8601 with an offset (2026-11-22T10:15:30Z) "
                        + "or epoch milliseconds, not '" + s + "'");
            }
        }
        throw wrongType(f, "an ISO-8601 string or epoch milliseconds", p);
    }

    /** A prediction or label: a number or a string (booleans are read as "true"/"false"). */
    private static Object scalar(JsonParser p, String f) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> finite(p, f);
            case VALUE_STRING -> text(p, f, MAX_NAME);
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            default -> throw wrongType(f, "a number or a string", p);
        };
    }

    private static double probability(JsonParser p, String f) throws IOException {
        double d = finite(p, f);
        if (d < 0 || d > 1) throw new ValidationException(f, f + " must be a probability between 0 and 1");
        return d;
    }

    private static Object proba(JsonParser p, String f) throws IOException {
        switch (p.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT:
                return probability(p, f);
            case START_ARRAY: {
                List<Double> out = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (out.size() == MAX_LIST) throw new ValidationException(f, f + " has more than " + MAX_LIST + " entries");
                    out.add(probability(p, f));
                }
                return out;
            }
            case START_OBJECT: {
                Map<String, Double> out = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String cls = p.currentName();
                    p.nextToken();
                    if (out.size() == MAX_LIST) throw new ValidationException(f, f + " has more than " + MAX_LIST + " entries");
                    out.put(cls, probability(p, f + "." + cls));
                }
                return out;
            }
            default:
                throw wrongType(f, "a probability, an array of probabilities or an object of class probabilities", p);
        }
    }

    private static Map<String, Object> features(JsonParser p, String f) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) throw wrongType(f, "an object of name to number or string", p);
        Map<String, Object> out = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            String field = "features." + name;
            if (name.isBlank() || name.length() > MAX_NAME) {
                throw new ValidationException(field, "feature names must be 1 to " + MAX_NAME + " characters");
            }
            if (name.startsWith("__")) {
                throw new ValidationException(field, "feature names starting with __ are reserved");
            }
            if (out.size() == MAX_FEATURES) throw new ValidationException(f, "more than " + MAX_FEATURES + " features");
            Object v = switch (t) {
                case VALUE_NULL -> null;
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> finite(p, field);
                case VALUE_STRING -> text(p, field, MAX_NAME);
                case VALUE_TRUE -> "true";
                case VALUE_FALSE -> "false";
                default -> throw wrongType(field, "a number, a string or null", p);
            };
            if (out.containsKey(name)) throw new ValidationException(field, "feature '" + name + "' appears twice");
            out.put(name, v);
        }
        return out;
    }

    private static List<String> strings(JsonParser p, String f) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) throw wrongType(f, "an array of strings", p);
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (out.size() == MAX_LIST) throw new ValidationException(f, f + " has more than " + MAX_LIST + " entries");
            out.add(text(p, f, Integer.MAX_VALUE));
        }
        return out;
    }

    private static ValidationException wrongType(String f, String expected, JsonParser p) {
        String got = switch (p.currentToken()) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> String.valueOf(p.currentToken());
        };
        return new ValidationException(f, f + " must be " + expected + ", not " + got);
    }
}
