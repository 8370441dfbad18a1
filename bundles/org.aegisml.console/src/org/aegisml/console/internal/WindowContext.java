package org.aegisml.console.internal;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.security.Actor;
import org.aegisml.console.ViewContext;

/** What the window offers its views: background work, the session's services, navigation, the status line. */
final class WindowContext implements ViewContext {
    private final MainWindow window;

    WindowContext(MainWindow window) {
        this.window = window;
    }

    @Override
    public <T> void background(String what, Callable<T> work, Consumer<? super T> done) {
        window.run(what, work, done, t -> {
        });
    }

    @Override
    public <T> void background(String what, Callable<T> work, Consumer<? super T> done, Consumer<Throwable> failed) {
        window.run(what, work, done, failed);
    }

    @Override
    public <T> T service(Class<T> type) {
        Session s = window.session();
        if (s == null) throw new UnavailableException(null, "not connected");
        return s.services().get(type);
    }

    @Override
    public void open(String viewId, String item) {
        window.open(viewId, item);
    }

    @Override
    public Actor operator() {
        Session s = window.session();
        return s == null ? null : s.operator();
    }

    @Override
    public String source() {
        Session s = window.session();
        return s == null ? "" : s.source();
    }

    @Override
    public void status(String message) {
        window.status(message);
    }

    @Override
    public String describe(Throwable failure) {
        return Words.describe(failure);
    }
}
