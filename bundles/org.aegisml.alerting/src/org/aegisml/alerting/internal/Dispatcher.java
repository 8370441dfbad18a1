package org.aegisml.alerting.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.aegisml.api.alerting.AlertChannel;
import org.aegisml.api.alerting.Delivery;
import org.aegisml.api.alerting.DeliveryStatus;
import org.aegisml.api.alerting.Destination;
import org.aegisml.api.alerting.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands claimed notifications to their channels, all at once, each on a virtual thread of its
 * own with one deadline for the batch: a slow or hanging channel delays the pass by at most
 * the timeout, and a failing one only fails its own deliveries.
 */
final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("aegisml-alert-send-", 0).factory());
    private final Duration timeout;

    /** One delivery to make: the pending row, what to send and where (null: the destination is gone). */
    record Send(Delivery delivery, Notification notification, Destination destination) {
    }

    /** How a delivery ended. */
    record Outcome(Delivery delivery, DeliveryStatus status, String error) {
    }

    Dispatcher(Duration timeout) {
        this.timeout = timeout;
    }

    /** {@code channels} maps a channel type to its service, or to null when none is installed. */
    List<Outcome> send(List<Send> sends, Function<String, AlertChannel> channels, String installed) {
        List<Future<?>> futures = new ArrayList<>(sends.size());
        List<Outcome> out = new ArrayList<>(sends.size());
        for (Send s : sends) {
            if (s.destination() == null) {
                futures.add(null);
                continue;
            }
            AlertChannel channel = channels.apply(s.destination().channel());
            if (channel == null) {
                futures.add(null);
                continue;
            }
            Map<String, String> settings = s.destination().settings();
            futures.add(executor.submit(() -> {
                channel.send(s.notification(), settings);
                return null;
            }));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < sends.size(); i++) {
            Send s = sends.get(i);
            Future<?> f = futures.get(i);
            if (s.destination() == null) {
                out.add(new Outcome(s.delivery(), DeliveryStatus.FAILED,
                        "destination '" + s.delivery().destination() + "' does not exist"));
                continue;
            }
            if (f == null) {
                out.add(new Outcome(s.delivery(), DeliveryStatus.FAILED, "no alert channel of type '"
                        + s.destination().channel() + "' is installed (installed: " + installed + ")"));
                continue;
            }
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                out.add(new Outcome(s.delivery(), DeliveryStatus.OK, null));
            } catch (TimeoutException e) {
                f.cancel(true);
                out.add(new Outcome(s.delivery(), DeliveryStatus.FAILED,
                        "timed out after " + timeout.toMillis() + " ms"));
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                String why = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
                LOG.warn("Alert delivery to {} ({}) failed: {}", s.delivery().destination(), s.destination().channel(), why);
                out.add(new Outcome(s.delivery(), DeliveryStatus.FAILED, why));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                out.add(new Outcome(s.delivery(), DeliveryStatus.FAILED, "interrupted while sending"));
            }
        }
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
