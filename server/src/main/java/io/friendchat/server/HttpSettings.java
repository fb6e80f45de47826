package io.friendchat.server;

import io.friendchat.server.web.TrustedProxies;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side of {@link Config}: TLS, the redirect port, trusted reverse proxies and the limits
 * on requests and connections. Read and checked with the rest of the configuration; each
 * variable is documented in docs/configuration.md.
 *
 * @param tls how to serve HTTPS, or null for plain HTTP
 * @param redirectPort a plain-HTTP port that only redirects to HTTPS, or -1 for none
 *     ({@code FRIENDCHAT_HTTP_REDIRECT_PORT}; needs TLS)
 * @param hstsMaxAge the {@code Strict-Transport-Security} max-age sent on HTTPS responses
 *     ({@code FRIENDCHAT_HSTS_MAX_AGE})
 * @param trustedProxies peers whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are
 *     believed ({@code FRIENDCHAT_TRUSTED_PROXIES})
 * @param maxBodyBytes the largest API request body; larger gets 413 ({@code FRIENDCHAT_MAX_BODY_SIZE})
 * @param maxHeaderBytes the largest request line plus headers; larger gets 431
 *     ({@code FRIENDCHAT_MAX_HEADER_SIZE})
 * @param idleTimeout a connection with no traffic for this long is closed ({@code FRIENDCHAT_IDLE_TIMEOUT})
 * @param maxConnectionsPerIp open connections allowed from one client IP; trusted proxies are
 *     exempt ({@code FRIENDCHAT_MAX_CONNECTIONS_PER_IP})
 * @param maxUploadBytes the largest uploaded file; larger gets 413 before it is read whole
 *     ({@code FRIENDCHAT_MAX_UPLOAD_BYTES}, default 25m)
 */
public record HttpSettings(
        Tls tls,
        int redirectPort,
        Duration hstsMaxAge,
        TrustedProxies trustedProxies,
        long maxBodyBytes,
        int maxHeaderBytes,
        Duration idleTimeout,
        int maxConnectionsPerIp,
        long maxUploadBytes) {

    /**
     * Where the certificate comes from: exactly one of a PEM certificate chain with its key, a
     * PKCS12 keystore, or a self-signed development certificate kept in the data dir.
     */
    public record Tls(Path certificate, Path privateKey, Path keystore, String keystorePassword, boolean selfSigned) {
        @Override
        public String toString() {
            // The keystore password stays out of logs and stack traces.
            return "Tls[certificate=" + certificate + ", privateKey=" + privateKey + ", keystore=" + keystore
                    + ", selfSigned=" + selfSigned + "]";
        }
    }

    public boolean tlsEnabled() {
        return tls != null;
    }

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(k|m)?", Pattern.CASE_INSENSITIVE);

    static HttpSettings fromEnv(Map<String, String> env) {
        Tls tls = tls(env);
        int redirectPort = -1;
        if (!Config.value(env, "FRIENDCHAT_HTTP_REDIRECT_PORT", "").isEmpty()) {
            redirectPort = Config.port(env, "FRIENDCHAT_HTTP_REDIRECT_PORT", 0);
            if (tls == null) {
                throw new ConfigException(
                        "FRIENDCHAT_HTTP_REDIRECT_PORT",
                        "needs HTTPS: set FRIENDCHAT_TLS_CERT and FRIENDCHAT_TLS_KEY, FRIENDCHAT_TLS_KEYSTORE, "
                                + "or FRIENDCHAT_TLS_SELF_SIGNED=true");
            }
        }
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.parse(Config.value(env, "FRIENDCHAT_TRUSTED_PROXIES", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("FRIENDCHAT_TRUSTED_PROXIES", e.getMessage());
        }
        long maxBody = size(env, "FRIENDCHAT_MAX_BODY_SIZE", "64k", Long.MAX_VALUE);
        int maxHeader = (int) size(env, "FRIENDCHAT_MAX_HEADER_SIZE", "8k", 1 << 20);
        return new HttpSettings(
                tls,
                redirectPort,
                Config.duration(env, "FRIENDCHAT_HSTS_MAX_AGE", "365d"),
                proxies,
                maxBody,
                maxHeader,
                Config.duration(env, "FRIENDCHAT_IDLE_TIMEOUT", "30s"),
                Config.positive(env, "FRIENDCHAT_MAX_CONNECTIONS_PER_IP", 200),
                size(env, "FRIENDCHAT_MAX_UPLOAD_BYTES", "25m", Long.MAX_VALUE));
    }

    private static Tls tls(Map<String, String> env) {
        Path cert = readableFile(env, "FRIENDCHAT_TLS_CERT");
        Path key = readableFile(env, "FRIENDCHAT_TLS_KEY");
        Path keystore = readableFile(env, "FRIENDCHAT_TLS_KEYSTORE");
        String password = env.getOrDefault("FRIENDCHAT_TLS_KEYSTORE_PASSWORD", "");
        boolean selfSigned = bool(env, "FRIENDCHAT_TLS_SELF_SIGNED");
        if ((cert == null) != (key == null)) {
            String missing = cert == null ? "FRIENDCHAT_TLS_CERT" : "FRIENDCHAT_TLS_KEY";
            throw new ConfigException(
                    missing, "must be set too: FRIENDCHAT_TLS_CERT and FRIENDCHAT_TLS_KEY go together");
        }
        int sources = (cert != null ? 1 : 0) + (keystore != null ? 1 : 0) + (selfSigned ? 1 : 0);
        if (sources > 1) {
            throw new ConfigException(
                    cert != null ? "FRIENDCHAT_TLS_CERT" : "FRIENDCHAT_TLS_KEYSTORE",
                    "conflicts with another certificate source: set only one of FRIENDCHAT_TLS_CERT/KEY, "
                            + "FRIENDCHAT_TLS_KEYSTORE or FRIENDCHAT_TLS_SELF_SIGNED");
        }
        return sources == 0 ? null : new Tls(cert, key, keystore, password, selfSigned);
    }

    private static Path readableFile(Map<String, String> env, String name) {
        String raw = Config.value(env, name, "");
        if (raw.isEmpty()) {
            return null;
        }
        try {
            Path path = Path.of(raw).toAbsolutePath().normalize();
            if (Files.isRegularFile(path) && Files.isReadable(path)) {
                return path;
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw new ConfigException(name, "'" + raw + "' is not a readable file");
    }

    private static boolean bool(Map<String, String> env, String name) {
        String raw = Config.value(env, name, "false").toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(name, "must be true or false, not '" + raw + "'");
        };
    }

    /** A size in bytes, or with a {@code k} (KiB) or {@code m} (MiB) suffix. */
    private static long size(Map<String, String> env, String name, String fallback, long max) {
        String raw = Config.value(env, name, fallback);
        Matcher m = SIZE.matcher(raw);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
            long bytes = switch (unit) {
                case "k" -> n * 1024;
                case "m" -> n * 1024 * 1024;
                default -> n;
            };
            if (bytes > 0 && bytes <= max) {
                return bytes;
            }
        }
        throw new ConfigException(
                name,
                "must be a size above 0 such as 65536, 64k or 1m"
                        + (max < Long.MAX_VALUE ? " (at most " + max + " bytes)" : "") + ", not '" + raw + "'");
    }
}
