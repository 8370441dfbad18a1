package org.aegisml.api.alerting;

import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Delivers notifications to one kind of destination (Slack, e-mail, a webhook...). Register
 * an implementation as an OSGi service and destinations of its {@link #type()} become usable;
 * unregister it and their deliveries fail with a clear reason instead.
 * <p>
 * {@link #send} is called off the evaluation thread with a timeout: an implementation may
 * block on the network, and one that throws or hangs is recorded as a failed delivery without
 * affecting other destinations or rules. It should still apply its own connect and read
 * timeouts, since a hung call cannot always be interrupted.
 */
@ConsumerType
public interface AlertChannel {

    /** Lower-case identifier destinations name, e.g. {@code slack}, {@code webhook}, {@code email}. */
    String type();

    /**
     * Checks a destination's settings before they are stored; throws
     * {@link org.aegisml.api.ValidationException} naming the setting ({@code settings.url}) and
     * what is wrong with it.
     */
    void validate(Map<String, String> settings);

    /** Setting keys whose values are secret (masked when listed); {@code prefix*} matches a prefix. */
    default Set<String> secretSettings() {
        return Set.of();
    }

    /** Delivers one notification; returns normally only once the receiver accepted it. */
    void send(Notification notification, Map<String, String> settings) throws Exception;
}
