package org.aegisml.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.Page;
import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertQuery;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.Delivery;
import org.aegisml.api.alerting.DeliveryStatus;
import org.aegisml.api.alerting.Destination;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The alerting tables: rules, destinations (settings unmasked: masking is the service's job),
 * firing episodes and deliveries. Uniqueness is enforced here (a duplicate rule or destination
 * name, a second open episode of a rule: {@link org.aegisml.api.ConflictException}); every
 * other rule belongs to the service.
 */
@ProviderType
public interface AlertRepository {

    void insertRule(AlertRule rule);

    void updateRule(AlertRule rule);

    boolean deleteRule(String id);

    Optional<AlertRule> findRule(String id);

    Optional<AlertRule> findRuleByName(String name);

    /**
     * The rule, its row locked until the unit ends: evaluations of one rule by several
     * replicas queue here, so each decides on the episode state the previous one committed.
     */
    Optional<AlertRule> lockRule(String id);

    /** Every rule, by name. */
    List<AlertRule> rules();

    void insertDestination(Destination destination);

    void updateDestination(Destination destination);

    boolean deleteDestination(String name);

    Optional<Destination> findDestination(String name);

    List<Destination> destinations();

    void insertAlert(Alert alert);

    void updateAlert(Alert alert);

    Optional<Alert> findAlert(String id);

    /** The rule's firing episode, its row locked until the unit ends. */
    Optional<Alert> lockOpenAlert(String ruleId);

    /** Every firing episode, newest first. */
    List<Alert> firing();

    Page<Alert> history(AlertQuery query);

    void insertDelivery(Delivery delivery);

    /** Records the outcome of a pending delivery. */
    void completeDelivery(String id, DeliveryStatus status, String error, Instant at);

    /** Every delivery of an episode, oldest first. */
    List<Delivery> deliveries(String alertId);
}
