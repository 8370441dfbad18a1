package org.aegisml.evaluation.internal;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.evaluation.CurateSpec;
import org.aegisml.api.evaluation.EvaluationRun;
import org.aegisml.api.evaluation.Feedback;
import org.aegisml.api.registry.ArtifactContent;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.DatasetFormat;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.LineageEdge;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.store.MonitoringRepository.EventRow;
import org.aegisml.api.store.Store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Feedback to the next dataset version: the previous version's file as it is, plus one row per
 * feedback item with a correction: the call's inputs (its features, and its input text as
 * {@code input}) and the correction (else the label) as the expected value, with the id
 * {@code fb-<feedback id>}. CSV rows follow the previous header: inputs it has no column for
 * are dropped, and a header without an {@code expected}/{@code label}/{@code y_true} column is
 * refused. The version is registered through the registry (hash, schema, audit), linked
 * {@code derived_from} the previous one, and the items are marked as curated into it.
 */
final class Curation {
    record Made(AssetVersion version, int added) {
    }

    private final Registry registry;
    private final Store store;

    Curation(Registry registry, Store store) {
        this.registry = registry;
        this.store = store;
    }

    Made curate(String dataset, CurateSpec spec, Actor actor) {
        registry.find(AssetType.DATASET, dataset).orElseThrow(() -> new NotFoundException("name", "no dataset " + dataset));
        AssetVersion prev = (spec.fromVersion() == null ? registry.versionByAlias(AssetType.DATASET, dataset, "latest")
                : registry.version(AssetType.DATASET, dataset, spec.fromVersion()))
                .orElseThrow(() -> new NotFoundException("from_version", "no version " + (spec.fromVersion() == null ? "yet"
                        : spec.fromVersion()) + " of dataset " + dataset));
        DatasetVersionSpec ds = (DatasetVersionSpec) prev.spec();
        List<Feedback> items = select(prev.ref(), spec);
        List<Map<String, Object>> newRows = store.read(tx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Feedback f : items) {
                EventRow e = tx.monitoring().event(f.eventId()).orElseThrow(() -> new ConflictException("feedback_ids",
                        "the event " + f.eventId() + " of feedback " + f.id() + " is no longer stored"));
                out.add(row(f, e));
            }
            return out;
        });
        byte[] content = append(read(prev), ds.format(), newRows);
        String filename = prev.artifact() == null ? dataset + (ds.format() == DatasetFormat.CSV ? ".csv" : ".jsonl")
                : prev.artifact().filename();
        String description = spec.description() != null ? spec.description()
                : items.size() + " corrections from feedback added to " + prev.ref();
        List<String> ids = items.stream().map(Feedback::id).toList();
        // One transaction: the version, its derived_from edge and the curated marks commit together,
        // so a failure (or a concurrent curation of the same items) leaves no half-made version.
        AssetVersion made = registry.addVersion(AssetType.DATASET, dataset, new NewVersion(new DatasetVersionSpec(description,
                ds.format(), 0, List.of()), filename, prev.artifact() == null ? null : prev.artifact().mediaType(),
                new ByteArrayInputStream(content)), actor, (tx, version) -> {
                    String into = version.ref().toString();
                    tx.registry().insertEdge(new LineageEdge(prev.ref(), version.ref(), LineageRelation.DERIVED_FROM,
                            version.createdAt(), actor.name()));
                    tx.audit().append(new AuditRecord(actor.name(), "dataset.lineage.link", prev.ref() + "->" + into, null,
                            Json.write(Map.of("from", prev.ref().toString(), "to", into, "relation", "derived_from"))));
                    if (tx.evaluations().markCurated(ids, into) != ids.size()) {
                        throw new ConflictException("feedback_ids", "some of the feedback was curated into another dataset "
                                + "version meanwhile; nothing was registered, try again");
                    }
                    tx.audit().append(new AuditRecord(actor.name(), "dataset.curate", into, null,
                            Json.write(Map.of("from", prev.ref().toString(), "feedback", ids))));
                });
        return new Made(made, items.size());
    }

    private List<Feedback> select(VersionRef prev, CurateSpec spec) {
        return store.read(tx -> {
            if (!spec.feedbackIds().isEmpty()) {
                Set<String> wanted = new LinkedHashSet<>(spec.feedbackIds());
                List<Feedback> found = tx.evaluations().feedback(wanted);
                for (String id : wanted) {
                    Feedback f = found.stream().filter(x -> x.id().equals(id)).findFirst()
                            .orElseThrow(() -> new NotFoundException("feedback_ids", "no feedback " + id));
                    if (!f.hasCorrection()) {
                        throw new ValidationException("feedback_ids", "the feedback " + id + " has no corrected output or label");
                    }
                    if (f.curatedInto() != null) {
                        throw new ConflictException("feedback_ids", "the feedback " + id + " is already in " + f.curatedInto());
                    }
                }
                return found;
            }
            Set<VersionRef> models = new LinkedHashSet<>();
            for (EvaluationRun r : tx.evaluations().runs(null, prev, 500)) {
                if (r.target().type() == AssetType.MODEL) models.add(r.target());
            }
            List<Feedback> all = tx.evaluations().uncuratedCorrections(models);
            if (all.isEmpty()) {
                throw new ValidationException("feedback_ids", "no uncurated feedback with a correction on the model versions "
                        + "evaluated on " + prev + "; name the feedback items");
            }
            return all;
        });
    }

    private static Map<String, Object> row(Feedback f, EventRow e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "fb-" + f.id());
        try {
            JsonNode p = e.payload() == null ? null : Json.MAPPER.readTree(e.payload());
            if (p != null && p.path("features").isObject()) {
                p.get("features").fields().forEachRemaining(x -> row.put(x.getKey(),
                        x.getValue().isNumber() ? x.getValue().asDouble() : x.getValue().asText()));
            }
            if (p != null && p.path("input").isTextual()) row.put("input", p.get("input").asText());
        } catch (IOException x) {
            throw new IllegalStateException("the payload of event " + e.eventId() + " is not JSON", x);
        }
        row.put("expected", f.correctedOutput() != null ? f.correctedOutput() : f.label());
        return row;
    }

    private byte[] read(AssetVersion v) {
        ArtifactContent c = registry.openArtifact(AssetType.DATASET, v.name(), v.version());
        try (InputStream in = c.content()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + v.ref() + ": " + e.getMessage(), e);
        }
    }

    static byte[] append(byte[] previous, DatasetFormat format, List<Map<String, Object>> rows) {
        StringWriter w = new StringWriter();
        String text = new String(previous, StandardCharsets.UTF_8);
        w.write(text);
        if (!text.isEmpty() && !text.endsWith("\n")) w.write('\n');
        try {
            if (format == DatasetFormat.NDJSON) {
                for (Map<String, Object> r : rows) {
                    w.write(Json.write(r));
                    w.write('\n');
                }
            } else {
                List<String> header = Csv.record(new BufferedReader(new InputStreamReader(new ByteArrayInputStream(previous),
                        StandardCharsets.UTF_8)));
                if (header == null) throw new ValidationException("name", "the previous dataset version has no CSV header");
                String expected = header.stream().filter(DatasetReader.EXPECTED::contains).findFirst()
                        .orElseThrow(() -> new ValidationException("name", "the dataset's CSV header has no expected, label "
                                + "or y_true column for the corrections"));
                for (Map<String, Object> r : rows) {
                    List<String> cells = new ArrayList<>();
                    for (String col : header) {
                        Object v = col.equals(expected) ? r.get("expected") : col.equals("expected") ? null : r.get(col);
                        cells.add(v == null ? "" : Values.text(v));
                    }
                    Csv.write(w, cells);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }
}
