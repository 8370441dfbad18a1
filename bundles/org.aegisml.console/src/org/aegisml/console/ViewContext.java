package org.aegisml.console;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.aegisml.api.security.Actor;
import org.osgi.annotation.versioning.ProviderType;

/** What the shell offers a view. */
@ProviderType
public interface ViewContext {
    /**
     * Runs {@code work} off the JavaFX thread and hands its result to {@code done} on it. While
     * any work runs the window shows a progress indicator; a failure is not passed to the view
     * but shown in the status line in words ("the server is unreachable", "your role may not
     * ...") and the connection indicator follows it, so that a view never freezes the window
     * and never needs its own error handling for the common cases.
     */
    <T> void background(String what, Callable<T> work, Consumer<? super T> done);

    /**
     * Like {@link #background(String, Callable, Consumer)}, with {@code failed} called on the
     * JavaFX thread (after the status line is updated) when the work throws; for actions whose
     * view must show why they were refused, beside the control that made them.
     */
    <T> void background(String what, Callable<T> work, Consumer<? super T> done, Consumer<Throwable> failed);

    /**
     * The session's implementation of an API service ({@code Deployments}, {@code Approvals},
     * {@code Alerts}, {@code Monitoring}, {@code DriftAnalysis}, {@code AuditLog},
     * {@code Registry}): the REST client's for the connected server in remote mode, the
     * in-process service in local mode. Views ask here rather than binding the services
     * themselves, so that they always see the source the operator chose, even in a framework
     * that has both. Callable from any thread; call it in the background work.
     *
     * @throws org.aegisml.api.UnavailableException when the session has no such service (yet:
     *         local services start with the store)
     */
    <T> T service(Class<T> type);

    /** Opens another view, selecting {@code item} in it when not null. */
    void open(String viewId, String item);

    /** The person at the console: the API key's owner in remote mode, the local user in local mode. */
    Actor operator();

    /** Where the data comes from, for display: the server's URL, or "local store (path)". */
    String source();

    /** A message in the window's status line. */
    void status(String message);

    /** Words for a failure, as the status line shows them; for views that show it beside a control. */
    String describe(Throwable failure);
}
