import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator for the gateway benchmark: sends POST requests at a fixed rate
 * over keep-alive HTTP/1.1 connections and reports latency quantiles.
 *
 * <pre>java releng/bench/gateway/LoadGen.java URL RATE SECONDS [CONNECTIONS=64] [WARMUP_SECONDS=5] [Header:Value...]</pre>
 * The body is {@code LOADGEN_BODY} from the environment when set.
 *
 * Open loop: request i is due at start + i/RATE whatever happened to the ones before it, and
 * its latency is measured from that due time, not from when a connection got round to sending
 * it. A stall therefore shows in the quantiles for every request it delayed (no coordinated
 * omission), which is what a client population at that rate would see. If every connection
 * is busy, due requests wait in a queue and that wait counts.
 * <p>
 * Prints one line: achieved rate, ok and failed counts (a failure is a non-2xx status or an
 * I/O error), and p50/p90/p99/p99.9/max latency in milliseconds over the measured period.
 */
public final class LoadGen {
    /** The request body: {@code LOADGEN_BODY} when set, else a small model input. */
    private static final byte[] BODY = System.getenv().getOrDefault("LOADGEN_BODY",
            "{\"tenure\":12,\"plan\":\"pro\",\"monthly\":49.5,\"country\":\"DE\"}").getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: LoadGen URL RATE SECONDS [CONNECTIONS] [WARMUP_SECONDS] [Header:Value...]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int conns = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        StringBuilder req = new StringBuilder();
        req.append("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':')
                .append(uri.getPort()).append("\r\nContent-Type: application/json\r\nContent-Length: ")
                .append(BODY.length).append("\r\n");
        for (int i = 5; i < args.length; i++) req.append(args[i]).append("\r\n");
        req.append("\r\n");
        byte[] head = req.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + BODY.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(BODY, 0, request, head.length, BODY.length);

        LinkedBlockingQueue<Long> due = new LinkedBlockingQueue<>();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong failed = new AtomicLong();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            Worker w = new Worker(uri, request, due, measureFrom, end, failed);
            workers.add(w);
            w.thread = Thread.ofPlatform().daemon().name("loadgen-" + i).start(w);
        }
        // The pacer: releases every request whose due time has come.
        double interval = 1e9 / rate;
        long i = 0;
        while (true) {
            long at = start + (long) (i * interval);
            if (at >= end) break;
            long wait = at - System.nanoTime();
            if (wait > 50_000) LockSupport.parkNanos(wait - 20_000);
            while (System.nanoTime() < at) Thread.onSpinWait();
            due.add(at);
            i++;
        }
        for (int k = 0; k < conns; k++) due.add(Long.MIN_VALUE); // poison: stop after what is queued
        long ok = 0;
        List<long[]> all = new ArrayList<>();
        for (Worker w : workers) {
            w.thread.join(TimeUnit.SECONDS.toMillis(30));
            all.add(Arrays.copyOf(w.latencies, w.count));
            ok += w.count;
        }
        long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT,
                "rate %.0f/s over %ds: ok %d, failed %d, achieved %.1f/s | p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f ms%n",
                rate, seconds, ok, failed.get(), ok / (double) seconds, q(lat, 0.50), q(lat, 0.90), q(lat, 0.99),
                q(lat, 0.999), lat.length == 0 ? Double.NaN : lat[lat.length - 1] / 1e6);
    }

    private static double q(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }

    static final class Worker implements Runnable {
        final URI uri;
        final byte[] request;
        final LinkedBlockingQueue<Long> due;
        final long measureFrom;
        final long end;
        final AtomicLong failed;
        long[] latencies = new long[1 << 16];
        int count;
        Thread thread;
        Socket socket;
        InputStream in;
        OutputStream out;

        Worker(URI uri, byte[] request, LinkedBlockingQueue<Long> due, long measureFrom, long end, AtomicLong failed) {
            this.uri = uri;
            this.request = request;
            this.due = due;
            this.measureFrom = measureFrom;
            this.end = end;
            this.failed = failed;
        }

        @Override
        public void run() {
            StringBuilder line = new StringBuilder();
            while (true) {
                long at;
                try {
                    at = due.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (at == Long.MIN_VALUE) break;
                int status;
                try {
                    if (socket == null) connect();
                    out.write(request);
                    out.flush();
                    status = readResponse(line);
                } catch (IOException e) {
                    status = -1;
                    close();
                }
                long done = System.nanoTime();
                if (at < measureFrom || at >= end) continue;
                if (status < 200 || status > 299) {
                    failed.incrementAndGet();
                    continue;
                }
                if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
                latencies[count++] = done - at;
            }
            close();
        }

        private void connect() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
        }

        private void close() {
            try {
                if (socket != null) socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }

        /** Reads one response (Content-Length or chunked body); closes the connection if asked to. */
        private int readResponse(StringBuilder line) throws IOException {
            if (!readLine(line)) throw new IOException("connection closed");
            int status = Integer.parseInt(line.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            while (true) {
                if (!readLine(line)) throw new IOException("connection closed in headers");
                if (line.isEmpty()) break;
                String h = line.toString().toLowerCase(Locale.ROOT);
                if (h.startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
                else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) chunked = true;
                else if (h.startsWith("connection:") && h.contains("close")) close = true;
            }
            if (chunked) {
                while (true) {
                    if (!readLine(line)) throw new IOException("connection closed in body");
                    int semi = line.indexOf(";");
                    long size = Long.parseLong((semi < 0 ? line.toString() : line.substring(0, semi)).trim(), 16);
                    if (size == 0) {
                        while (readLine(line) && !line.isEmpty()) { } // trailers
                        break;
                    }
                    in.skipNBytes(size);
                    readLine(line);
                }
            } else if (length > 0) {
                in.skipNBytes(length);
            }
            if (close) close();
            return status;
        }

        private boolean readLine(StringBuilder line) throws IOException {
            line.setLength(0);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int n = line.length();
                    if (n > 0 && line.charAt(n - 1) == '\r') line.setLength(n - 1);
                    return true;
                }
                line.append((char) c);
            }
            return false;
        }
    }
}
