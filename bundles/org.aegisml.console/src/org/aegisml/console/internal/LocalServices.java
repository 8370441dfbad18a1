package org.aegisml.console.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.aegisml.api.UnavailableException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The in-process services of local mode, tracked per type. Remote services (the REST client's,
 * marked {@code aegisml.remote}) are never taken, whatever their ranking.
 */
final class LocalServices implements AutoCloseable {
    private final BundleContext context;
    private final Map<Class<?>, ServiceTracker<?, ?>> trackers = new ConcurrentHashMap<>();

    LocalServices(BundleContext context) {
        this.context = context;
    }

    <T> T get(Class<T> type) {
        ServiceTracker<?, ?> t = trackers.computeIfAbsent(type, k -> {
            try {
                ServiceTracker<?, ?> st = new ServiceTracker<>(context, FrameworkUtil.createFilter(
                        "(&(objectClass=" + k.getName() + ")(!(aegisml.remote=*)))"), null);
                st.open(true);
                return st;
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        });
        Object s = t.getService();
        if (s == null) {
            throw new UnavailableException(null, "the local " + type.getSimpleName()
                    + " service is not running (yet): the local store may still be starting");
        }
        return type.cast(s);
    }

    @Override
    public void close() {
        trackers.values().forEach(ServiceTracker::close);
        trackers.clear();
    }
}
