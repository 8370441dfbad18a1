package org.aegisml.alerting.internal.channels;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.alerting.AlertChannel;
import org.aegisml.api.alerting.Notification;
import org.aegisml.api.alerting.NotificationKind;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Posts to a Slack incoming webhook (setting {@code url}, which Slack treats as the secret it
 * is): {@code text} as the fallback shown in notifications, {@code blocks} as the message
 * (header, the sentence, the facts as fields, a context line), per Slack's Block Kit.
 */
@Component(service = AlertChannel.class)
public final class SlackChannel implements AlertChannel {
    /** Slack refuses a header block longer than this. */
    static final int HEADER_MAX = 150;
    private final HttpPost http = new HttpPost();

    @Deactivate
    void stop() {
        http.close();
    }

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public Set<String> secretSettings() {
        return Set.of("url");
    }

    @Override
    public void validate(Map<String, String> settings) {
        Settings.onlyKnown(settings, Set.of("url"), null);
        Settings.url(settings, "url");
    }

    @Override
    public void send(Notification n, Map<String, String> settings) throws Exception {
        http.post(URI.create(settings.get("url").strip()), Payloads.JSON.writeValueAsBytes(payload(n)), Map.of());
    }

    static ObjectNode payload(Notification n) {
        ObjectNode root = Payloads.JSON.createObjectNode();
        root.put("text", escape(n.title() + "\n" + n.message()));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        String title = icon(n) + " " + n.title();
        header.putObject("text").put("type", "plain_text").put("text",
                title.length() > HEADER_MAX ? title.substring(0, HEADER_MAX - 1) + "…" : title).put("emoji", true);
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", escape(n.message()));
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        field(fields, "Severity", n.severity().wire());
        field(fields, "Scope", n.scope().describe());
        field(fields, "Condition", n.metric().wire() + " " + n.condition().symbol() + " " + n.threshold());
        field(fields, "Value", n.value() == null ? "undefined" : String.valueOf(n.value()));
        ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
        String line = "AegisML" + (n.alertId() == null ? "" : " · alert " + n.alertId()) + " · started " + n.startedAt()
                + (n.resolvedAt() == null ? "" : " · resolved " + n.resolvedAt());
        context.addObject().put("type", "mrkdwn").put("text", escape(line));
        return root;
    }

    private static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + name + "*\n" + escape(value));
    }

    private static String icon(Notification n) {
        if (n.kind() == NotificationKind.RESOLVED) return ":white_check_mark:";
        if (n.kind() == NotificationKind.TEST) return ":information_source:";
        return switch (n.severity()) {
            case CRITICAL -> ":rotating_light:";
            case WARNING -> ":warning:";
            case INFO -> ":information_source:";
        };
    }

    /** Slack's mrkdwn reserves these three; everything else is literal. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
