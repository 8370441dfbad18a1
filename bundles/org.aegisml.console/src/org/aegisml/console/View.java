package org.aegisml.console;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One page of the operator console (Overview, Rollouts, Approvals, ...), registered as an
 * OSGi service. The shell lists the registered views ordered by {@link #order()}, opens one
 * when the operator picks it and refreshes the open one every few seconds.
 * <p>
 * Threading: {@link #open} and every {@link ViewPane} method are called on the JavaFX
 * application thread and must return at once; anything that talks to a service goes through
 * {@link ViewContext#background}. A view that throws is reported in the status line and
 * closed; the console and the other views go on.
 */
@ConsumerType
public interface View {
    /** Stable identifier, used to open the view from another one ({@code "approvals"}). */
    String id();

    /** What the navigation list shows. */
    String title();

    /** Position in the navigation list: lower first; the built-in views use 10, 20, ... */
    default int order() {
        return 1000;
    }

    /** Builds the view's content; called once, when the operator first opens it. */
    ViewPane open(ViewContext context);
}
