package org.aegisml.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

/**
 * Driving a real JavaFX window from a test thread: every read and click happens on the JavaFX
 * thread. JavaFX is an optional import of this bundle: only test runtimes with a console load it.
 */
public final class Fx {
    private Fx() {
    }

    public static <T> T call(Callable<T> c) {
        if (Platform.isFxApplicationThread()) {
            try {
                return c.call();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("on the JavaFX thread: " + e, e);
        }
    }

    public static void run(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** Waits until the condition (checked on the JavaFX thread) holds. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, condition, () -> "");
    }

    /** Waits until the condition holds; on time-out, says what {@code shows} read then. */
    public static void await(String what, Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> shows) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (call(condition::getAsBoolean)) return;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; the window shows: " + call(shows::get));
    }

    @SuppressWarnings("unchecked")
    public static <T extends Node> T lookup(Scene scene, String id) {
        Node n = scene.lookup("#" + id);
        if (n == null) throw new AssertionError("no node #" + id + " in the window");
        return (T) n;
    }

    /** The window as the operator sees it, as a PNG file. */
    public static Path screenshot(Scene scene, String name) throws IOException {
        WritableImage img = call(() -> scene.snapshot(null));
        int w = (int) img.getWidth(), h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader px = img.getPixelReader();
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out.setRGB(x, y, px.getArgb(x, y));
        Path dir = Path.of(System.getProperty("aegisml.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        ImageIO.write(out, "png", file.toFile());
        return file;
    }
}
