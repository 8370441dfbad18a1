package org.aegisml.console.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * Work the views hand off the JavaFX thread. A few threads: a slow server makes loads wait for
 * each other, never the window. {@link #busy()} counts what is running, for the progress
 * indicator.
 */
final class Background {
    private final ExecutorService pool = Executors.newFixedThreadPool(4,
            Thread.ofPlatform().daemon().name("aegisml-console-io-", 1).factory());
    private final AtomicInteger running = new AtomicInteger();
    private final SimpleIntegerProperty busy = new SimpleIntegerProperty();

    ReadOnlyIntegerProperty busy() {
        return busy;
    }

    /** {@code ok} and {@code failed} run on the JavaFX thread. */
    <T> void run(Callable<T> work, Consumer<? super T> ok, Consumer<Throwable> failed) {
        running.incrementAndGet();
        changed();
        try {
            pool.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Throwable t) {
                    running.decrementAndGet();
                    changed();
                    Platform.runLater(() -> failed.accept(t));
                    return;
                }
                running.decrementAndGet();
                changed();
                Platform.runLater(() -> ok.accept(result));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.decrementAndGet(); // shutting down
        }
    }

    private void changed() {
        Platform.runLater(() -> busy.set(Math.max(0, running.get())));
    }

    void shutdown() {
        pool.shutdownNow();
    }
}
