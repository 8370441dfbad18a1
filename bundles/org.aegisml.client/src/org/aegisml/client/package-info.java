/**
 * The AegisML API services of a remote server: {@link org.aegisml.client.Connector} opens a
 * {@link org.aegisml.client.Connection} to a server with an API key and registers REST-backed
 * implementations of the {@code org.aegisml.api} service interfaces, so that an operator
 * console or a command line tool uses the very interfaces the server runs on, wherever it is.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.aegisml.client;
