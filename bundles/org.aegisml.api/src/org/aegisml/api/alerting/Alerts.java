package org.aegisml.api.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.Page;
import org.aegisml.api.security.Actor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Alert rules, destinations, firing episodes and their deliveries. Every change of a rule or a
 * destination is written to the audit log (destinations with their secrets masked). Bad input
 * throws {@link org.aegisml.api.ValidationException}; unknown ids and names
 * {@link org.aegisml.api.NotFoundException}; a duplicate name or a destination still used by a
 * rule {@link org.aegisml.api.ConflictException}.
 */
@ProviderType
public interface Alerts {

    AlertRule createRule(RuleSpec spec, Actor actor);

    /** Replaces a rule; an episode that is firing stays open (and is judged by the new rule). */
    AlertRule updateRule(String id, RuleSpec spec, Actor actor);

    /** Deletes a rule; its firing episode, if any, is resolved without a notification. */
    void deleteRule(String id, Actor actor);

    Optional<AlertRule> rule(String id);

    List<AlertRule> rules();

    Destination createDestination(DestinationSpec spec, Actor actor);

    Destination updateDestination(String name, DestinationSpec spec, Actor actor);

    void deleteDestination(String name, Actor actor);

    /** The destination with its secrets masked. */
    Optional<Destination> destination(String name);

    /** Every destination, secrets masked, by name. */
    List<Destination> destinations();

    /** The episodes firing now, newest first. */
    List<Alert> firing();

    Page<Alert> history(AlertQuery query);

    Optional<Alert> alert(String id);

    /** Every delivery of an episode, oldest first. */
    List<Delivery> deliveries(String alertId);

    /** Sends a {@link NotificationKind#TEST} notification to a destination now and reports how it went. */
    Delivery sendTest(String destination, Actor actor);

    /**
     * One evaluation pass over every enabled rule as of {@code now}: opens, re-notifies and
     * resolves episodes and delivers their notifications before returning. Safe to run on
     * several replicas at once: each transition is decided under the rule's row lock, so a
     * notification is claimed by one replica only.
     */
    EvaluationReport evaluate(Instant now);
}
