package org.aegisml.api.registry;

/** Walk towards what a version was made from (UP) or towards what was made from it (DOWN). */
public enum LineageDirection {
    UP, DOWN
}
