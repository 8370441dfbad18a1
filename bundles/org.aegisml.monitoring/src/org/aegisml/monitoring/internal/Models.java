package org.aegisml.monitoring.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.Registry;

/**
 * Which registered model and version an event belongs to, answered from a short-lived cache:
 * the registry is a database read and ingest asks for every event. A version number is known
 * to exist when it is at most the model's latest (versions are never deleted); the default
 * version (the {@code production} alias, else the latest) may lag a promotion, and a model
 * registered just after events named it may still be refused, for up to {@link #TTL_NANOS}.
 */
final class Models {
    static final long TTL_NANOS = 1_000_000_000L;
    static final String PRODUCTION = "production";

    /** {@code asset} null: the model did not exist when looked up (cached too, see below). */
    private record Entry(Asset asset, long loadedAt) {
    }

    private final Registry registry;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    Models(Registry registry) {
        this.registry = registry;
    }

    /** The version an event or a query means; throws naming the field when there is none. */
    int resolve(String model, Integer version) {
        Asset a = asset(model, false);
        if (version == null) {
            int v = defaultVersion(a);
            if (v == 0) {
                a = asset(model, true);
                v = defaultVersion(a);
            }
            if (v == 0) throw new ValidationException("model_version", "model '" + model + "' has no versions yet");
            return v;
        }
        if (version > a.latestVersion()) a = asset(model, true);
        if (version > a.latestVersion()) {
            throw new ValidationException("model_version", "model '" + model + "' has no version " + version);
        }
        return version;
    }

    boolean exists(String model) {
        try {
            asset(model, false);
            return true;
        } catch (ValidationException e) {
            return false;
        }
    }

    /** For queries: a missing model is a 404 rather than a bad field. */
    int resolveForQuery(String model, Integer version) {
        if (!exists(model)) throw new NotFoundException("model", "no model named '" + model + "'");
        return resolve(model, version);
    }

    private static int defaultVersion(Asset a) {
        Integer v = a.aliases().get(PRODUCTION);
        return v != null ? v : a.latestVersion();
    }

    private Asset asset(String model, boolean fresh) {
        long now = System.nanoTime();
        Entry e = cache.get(model);
        if (fresh || e == null || now - e.loadedAt() > TTL_NANOS) {
            // Absence is cached for the same TTL: a batch of a thousand lines naming an
            // unregistered model must cost one registry read, not a thousand.
            Optional<Asset> a = registry.find(AssetType.MODEL, model);
            e = new Entry(a.orElse(null), now);
            cache.put(model, e);
        }
        if (e.asset() == null) {
            throw new ValidationException("model_id", "unknown model '" + model + "': register it first");
        }
        return e.asset();
    }
}
