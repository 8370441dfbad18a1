/**
 * What a console view implements and what the console gives it. A view is a {@link View}
 * service: the shell lists every registered view, live, so a plugin bundle adds one by
 * registering it and removes it by going away.
 */
package org.aegisml.console;
