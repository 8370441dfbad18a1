/**
 * The registry: models, prompts and datasets (together: assets), their immutable numbered
 * versions, movable aliases, stages and the lineage between versions.
 */
package org.aegisml.api.registry;
