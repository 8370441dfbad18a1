package org.aegisml.api.registry;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard extension point consulted before any stage change. Every registered gate must
 * allow the move; the first denial stops it. Policy and approval bundles register gates;
 * a gate that throws is treated as a denial naming the failure, never as an allowance.
 */
@ConsumerType
public interface PromotionGate {
    PromotionDecision check(PromotionRequest request);
}
