package io.friendchat.server;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operations side of {@link Config}: who may read {@code /metrics} and where, and the log
 * format. Read and checked with the rest of the configuration; each variable is documented in
 * docs/configuration.md.
 *
 * @param metricsToken the bearer token that {@code /metrics} asks for, or null
 *     ({@code FRIENDCHAT_METRICS_TOKEN})
 * @param metricsPort a separate management port that serves only {@code /metrics}, or -1 for
 *     none ({@code FRIENDCHAT_METRICS_PORT}; 0 picks a free one)
 * @param logFormat one line of text per event, or one JSON object ({@code FRIENDCHAT_LOG_FORMAT})
 */
public record OpsSettings(String metricsToken, int metricsPort, LogFormat logFormat) {
    /** How log events are written to stdout; logback.xml reads the same variable. */
    public enum LogFormat {
        TEXT,
        JSON
    }

    /** Base64, base64url and hex tokens all fit; whitespace or quotes would not survive a header. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{16,256}");

    /** Whether {@code /metrics} is served at all: only with a token or a management port. */
    public boolean metricsEnabled() {
        return metricsToken != null || metricsPort >= 0;
    }

    /** Whether {@code /metrics} is on the app's port (behind the token) rather than a port of its own. */
    public boolean metricsOnAppPort() {
        return metricsToken != null && metricsPort < 0;
    }

    @Override
    public String toString() {
        // The token stays out of logs and stack traces.
        return "OpsSettings[metricsToken=" + (metricsToken == null ? "unset" : "set") + ", metricsPort=" + metricsPort
                + ", logFormat=" + logFormat + "]";
    }

    static OpsSettings fromEnv(Map<String, String> env, int appPort, int redirectPort) {
        String token = env.get("FRIENDCHAT_METRICS_TOKEN");
        if (token == null || token.isBlank()) {
            token = null;
        } else if (!TOKEN.matcher(token.trim()).matches()) {
            // The value is a secret, so it is not echoed.
            throw new ConfigException(
                    "FRIENDCHAT_METRICS_TOKEN",
                    "must be 16 to 256 letters, digits or -._~+/= (for example the output of `openssl rand -hex 32`)");
        } else {
            token = token.trim();
        }
        int metricsPort = -1;
        if (!Config.value(env, "FRIENDCHAT_METRICS_PORT", "").isEmpty()) {
            metricsPort = Config.port(env, "FRIENDCHAT_METRICS_PORT", -1);
            if (metricsPort != 0 && (metricsPort == appPort || metricsPort == redirectPort)) {
                throw new ConfigException(
                        "FRIENDCHAT_METRICS_PORT", "must differ from PORT and FRIENDCHAT_HTTP_REDIRECT_PORT");
            }
        }
        String format = Config.value(env, "FRIENDCHAT_LOG_FORMAT", "text");
        LogFormat logFormat = switch (format) {
            case "text" -> LogFormat.TEXT;
            case "json" -> LogFormat.JSON;
            default ->
                throw new ConfigException("FRIENDCHAT_LOG_FORMAT", "must be 'text' or 'json', not '" + format + "'");
        };
        return new OpsSettings(token, metricsPort, logFormat);
    }
}
