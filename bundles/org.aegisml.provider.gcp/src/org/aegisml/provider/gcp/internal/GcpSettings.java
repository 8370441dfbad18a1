package org.aegisml.provider.gcp.internal;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@link GcpConfig} checked and resolved: the base URL of each API (Google's, or a local
 * server's for tests) and the billing table split into its parts.
 */
record GcpSettings(String project, String location, String aiplatform, String storage, String bigquery,
        BillingTable billingTable, Duration requestTimeout, Duration operationPoll, Duration operationTimeout) {

    /** Project ids, also the legacy domain-scoped form {@code example.com:project}. */
    private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9.:-]{0,99}");
    private static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9-]{1,62}");
    private static final Pattern BQ_NAME = Pattern.compile("[A-Za-z0-9_]{1,1024}");

    /** A BigQuery table {@code project.dataset.table}, quoted safely for a query's FROM clause. */
    record BillingTable(String project, String dataset, String table) {
        String sql() {
            return "`" + project + "." + dataset + "." + table + "`";
        }
    }

    /** Throws {@link IllegalArgumentException} naming the setting that is wrong. */
    static GcpSettings from(GcpConfig c) {
        String project = c.project().strip();
        if (!project.isEmpty() && !PROJECT.matcher(project).matches()) {
            throw new IllegalArgumentException("project '" + project + "' is not a Google Cloud project id");
        }
        String location = c.location().strip();
        if (!LOCATION.matcher(location).matches()) {
            throw new IllegalArgumentException("location '" + location + "' is not a Google Cloud region");
        }
        if (c.requestTimeoutSeconds() < 1) throw new IllegalArgumentException("requestTimeoutSeconds must be at least 1");
        if (c.operationPollMillis() < 1) throw new IllegalArgumentException("operationPollMillis must be at least 1");
        if (c.operationTimeoutMinutes() < 1) throw new IllegalArgumentException("operationTimeoutMinutes must be at least 1");
        return new GcpSettings(project, location,
                base(c.aiplatformEndpoint(), "https://" + location + "-aiplatform.googleapis.com", "aiplatformEndpoint"),
                base(c.storageEndpoint(), "https://storage.googleapis.com", "storageEndpoint"),
                base(c.bigqueryEndpoint(), "https://bigquery.googleapis.com", "bigqueryEndpoint"),
                billingTable(c.billingTable().strip()), Duration.ofSeconds(c.requestTimeoutSeconds()),
                Duration.ofMillis(c.operationPollMillis()), Duration.ofMinutes(c.operationTimeoutMinutes()));
    }

    boolean hasProject() {
        return !project.isEmpty();
    }

    private static String base(String configured, String google, String setting) {
        String b = configured.strip();
        if (b.isEmpty()) return google;
        if (!b.startsWith("http://") && !b.startsWith("https://")) {
            throw new IllegalArgumentException(setting + " must be an http:// or https:// URL");
        }
        while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return b;
    }

    /** Split from the right: a domain-scoped project id ({@code example.com:p}) contains dots itself. */
    private static BillingTable billingTable(String t) {
        if (t.isEmpty()) return null;
        int last = t.lastIndexOf('.');
        int mid = last < 0 ? -1 : t.lastIndexOf('.', last - 1);
        if (mid <= 0) throw new IllegalArgumentException("billingTable must be project.dataset.table, got '" + t + "'");
        BillingTable b = new BillingTable(t.substring(0, mid), t.substring(mid + 1, last), t.substring(last + 1));
        if (!PROJECT.matcher(b.project()).matches() || !BQ_NAME.matcher(b.dataset()).matches()
                || !BQ_NAME.matcher(b.table()).matches()) {
            throw new IllegalArgumentException("billingTable must be project.dataset.table, got '" + t + "'");
        }
        return b;
    }
}
