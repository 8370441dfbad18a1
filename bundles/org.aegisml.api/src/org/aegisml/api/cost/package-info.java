/**
 * What models cost: {@link org.aegisml.api.cost.CostSource}s (one per cloud provider) report
 * infrastructure spend per day by cost-allocation tag, and the {@link org.aegisml.api.cost.CostLedger}
 * joins it with the LLM token spend the gateway measures into one ledger per project, model,
 * version, endpoint and day.
 */
package org.aegisml.api.cost;
