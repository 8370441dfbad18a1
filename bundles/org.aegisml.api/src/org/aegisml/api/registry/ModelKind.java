package org.aegisml.api.registry;

/** A classic ML model (features in, prediction out) or an LLM (text in, text out). */
public enum ModelKind {
    ML, LLM
}
