package org.aegisml.api.deployment;

/**
 * What the gateway answers a client: the backend's status, body and content type, the version
 * that answered ({@code models/churn/3}), the arm and the request id (which is the event id of
 * the call's monitoring event, for labels and feedback).
 */
public record GatewayResponse(int status, byte[] body, String contentType, String version, String arm,
        String requestId) {
}
