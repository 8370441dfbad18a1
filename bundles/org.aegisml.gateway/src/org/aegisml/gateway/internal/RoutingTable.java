package org.aegisml.gateway.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.aegisml.api.deployment.Deployment;

/**
 * The endpoints the gateway routes, by name, read on every request without a lock and never
 * from the database. Two sources keep it current: changes made in this process arrive at
 * once ({@link #changed}); a poll of every deployment each second catches other replicas'
 * ({@link #poll}). A poll is a snapshot read before it is applied, so it may be older than a
 * change announced meanwhile: an entry changed after the poll began is left alone by that
 * poll, and the next one sees it.
 */
final class RoutingTable {
    private record Entry(Endpoint endpoint, long changedAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Consumer<Endpoint> onNew;

    /** {@code onNew} is told of every endpoint revision that comes in (to load its prompts); it must not block. */
    RoutingTable(Consumer<Endpoint> onNew) {
        this.onNew = onNew;
    }

    Endpoint get(String name) {
        Entry e = entries.get(name);
        return e == null ? null : e.endpoint();
    }

    Collection<Endpoint> all() {
        return entries.values().stream().map(Entry::endpoint).filter(e -> e != null).toList();
    }

    /** A change committed in this process: null {@code d} deletes (a tombstone keeps an older poll from bringing it back). */
    void changed(String name, Deployment d) {
        Endpoint ep = d == null ? null : Endpoint.of(d);
        entries.put(name, new Entry(ep, System.nanoTime()));
        if (ep != null) onNew.accept(ep);
    }

    /** Every deployment as read by a poll that started at {@code startedAt} ({@link System#nanoTime()}). */
    void poll(List<Deployment> all, long startedAt) {
        Set<String> seen = new HashSet<>();
        for (Deployment d : all) {
            seen.add(d.name());
            Endpoint[] added = new Endpoint[1];
            entries.compute(d.name(), (name, cur) -> {
                if (cur != null && cur.changedAt() - startedAt > 0) return cur;
                if (cur != null && cur.endpoint() != null && cur.endpoint().revision() == d.revision()) return cur;
                added[0] = Endpoint.of(d);
                return new Entry(added[0], System.nanoTime());
            });
            if (added[0] != null) onNew.accept(added[0]);
        }
        for (String name : entries.keySet()) {
            if (!seen.contains(name)) entries.computeIfPresent(name, (n, cur) -> cur.changedAt() - startedAt > 0 ? cur : null);
        }
    }
}
