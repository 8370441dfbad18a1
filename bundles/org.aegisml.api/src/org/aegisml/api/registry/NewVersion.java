package org.aegisml.api.registry;

import java.io.InputStream;

/**
 * A version to register. Models and datasets carry a file: {@code content} is read once,
 * hashed and stored; the registry derives size and hash itself. Prompts carry no file.
 * For datasets the spec's format is honoured when set, else guessed from the file name;
 * its row count and schema are computed from the content.
 */
public record NewVersion(VersionSpec spec, String filename, String mediaType, InputStream content) {
}
