package org.aegisml.server.internal.http;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP request metrics in the Prometheus text exposition format (version 0.0.4): a counter
 * by method, route template and status, a latency histogram by method and route, and JVM
 * memory, threads and uptime read from the platform MXBeans at scrape time.
 */
public final class Metrics {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Bucket upper bounds in seconds: fine below 10 ms where the API should live. */
    static final double[] BUCKETS = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };

    private record Key(String method, String route, int status) {
    }

    private record RouteKey(String method, String route) {
    }

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
        }

        void observe(long nanos) {
            double s = nanos / 1e9;
            int i = 0;
            while (i < BUCKETS.length && s > BUCKETS[i]) i++;
            counts[i].increment();
            sumNanos.add(nanos);
        }
    }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<RouteKey, Histogram> latency = new ConcurrentHashMap<>();

    public void record(String method, String route, int status, long nanos) {
        requests.computeIfAbsent(new Key(method, route, status), k -> new LongAdder()).increment();
        latency.computeIfAbsent(new RouteKey(method, route), k -> new Histogram()).observe(nanos);
    }

    public String scrape() {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("# HELP aegisml_http_requests_total HTTP requests by method, route and status.\n");
        sb.append("# TYPE aegisml_http_requests_total counter\n");
        TreeMap<String, Long> counts = new TreeMap<>();
        requests.forEach((k, v) -> counts.put("{method=\"" + k.method() + "\",route=\"" + escape(k.route())
                + "\",status=\"" + k.status() + "\"}", v.sum()));
        counts.forEach((labels, v) -> sb.append("aegisml_http_requests_total").append(labels).append(' ').append(v)
                .append('\n'));

        sb.append("# HELP aegisml_http_request_duration_seconds HTTP request latency by method and route.\n");
        sb.append("# TYPE aegisml_http_request_duration_seconds histogram\n");
        TreeMap<String, Histogram> histograms = new TreeMap<>();
        latency.forEach((k, v) -> histograms.put("method=\"" + k.method() + "\",route=\"" + escape(k.route()) + "\"", v));
        histograms.forEach((labels, h) -> {
            long cumulative = 0;
            for (int i = 0; i < h.counts.length; i++) {
                cumulative += h.counts[i].sum();
                String le = i < BUCKETS.length ? format(BUCKETS[i]) : "+Inf";
                sb.append("aegisml_http_request_duration_seconds_bucket{").append(labels).append(",le=\"").append(le)
                        .append("\"} ").append(cumulative).append('\n');
            }
            sb.append("aegisml_http_request_duration_seconds_sum{").append(labels).append("} ")
                    .append(format(h.sumNanos.sum() / 1e9)).append('\n');
            sb.append("aegisml_http_request_duration_seconds_count{").append(labels).append("} ").append(cumulative)
                    .append('\n');
        });
        jvm(sb);
        return sb.toString();
    }

    private static void jvm(StringBuilder sb) {
        var mem = ManagementFactory.getMemoryMXBean();
        sb.append("# HELP jvm_memory_used_bytes Used bytes of a JVM memory area.\n");
        sb.append("# TYPE jvm_memory_used_bytes gauge\n");
        sb.append("jvm_memory_used_bytes{area=\"heap\"} ").append(mem.getHeapMemoryUsage().getUsed()).append('\n');
        sb.append("jvm_memory_used_bytes{area=\"nonheap\"} ").append(mem.getNonHeapMemoryUsage().getUsed()).append('\n');
        sb.append("# HELP jvm_memory_committed_bytes Committed bytes of a JVM memory area.\n");
        sb.append("# TYPE jvm_memory_committed_bytes gauge\n");
        sb.append("jvm_memory_committed_bytes{area=\"heap\"} ").append(mem.getHeapMemoryUsage().getCommitted()).append('\n');
        sb.append("jvm_memory_committed_bytes{area=\"nonheap\"} ").append(mem.getNonHeapMemoryUsage().getCommitted())
                .append('\n');
        sb.append("# HELP jvm_memory_max_bytes Max bytes of a JVM memory area (-1 when unbounded).\n");
        sb.append("# TYPE jvm_memory_max_bytes gauge\n");
        sb.append("jvm_memory_max_bytes{area=\"heap\"} ").append(mem.getHeapMemoryUsage().getMax()).append('\n');
        sb.append("jvm_memory_max_bytes{area=\"nonheap\"} ").append(mem.getNonHeapMemoryUsage().getMax()).append('\n');
        sb.append("# HELP jvm_memory_pool_used_bytes Used bytes of a JVM memory pool.\n");
        sb.append("# TYPE jvm_memory_pool_used_bytes gauge\n");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = pool.getUsage();
            if (u != null) {
                sb.append("jvm_memory_pool_used_bytes{pool=\"").append(escape(pool.getName())).append("\"} ")
                        .append(u.getUsed()).append('\n');
            }
        }
        sb.append("# HELP jvm_buffer_pool_used_bytes Used bytes of a JVM buffer pool.\n");
        sb.append("# TYPE jvm_buffer_pool_used_bytes gauge\n");
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            sb.append("jvm_buffer_pool_used_bytes{pool=\"").append(escape(pool.getName())).append("\"} ")
                    .append(pool.getMemoryUsed()).append('\n');
        }
        sb.append("# HELP jvm_threads_current Live JVM threads.\n");
        sb.append("# TYPE jvm_threads_current gauge\n");
        sb.append("jvm_threads_current ").append(ManagementFactory.getThreadMXBean().getThreadCount()).append('\n');
        sb.append("# HELP process_uptime_seconds Seconds since the JVM started.\n");
        sb.append("# TYPE process_uptime_seconds gauge\n");
        sb.append("process_uptime_seconds ").append(format(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0))
                .append('\n');
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    public static String format(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d) + ".0";
        return Double.toString(d);
    }
}
