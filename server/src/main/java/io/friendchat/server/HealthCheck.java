package io.friendchat.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The container's health check: asks the server in the same container for {@code /healthz} and
 * exits 0 when it answers 200, 1 otherwise. The image has no curl or wget, so
 * docker-compose.yml runs {@code java -cp @/app/jib-classpath-file io.friendchat.server.HealthCheck}.
 * It asks plain HTTP on {@code PORT}; with TLS on that port, give the URL as the first argument.
 */
public final class HealthCheck {
    private HealthCheck() {}

    public static void main(String[] args) {
        System.exit(check(args.length > 0 ? args[0] : null, System.getenv()));
    }

    /** 0 when {@code url} (by default {@code http://127.0.0.1:$PORT/healthz}) answers 200, else 1. */
    static int check(String url, Map<String, String> env) {
        String target = url != null ? url : "http://127.0.0.1:" + Config.value(env, "PORT", "8080") + "/healthz";
        try {
            HttpResponse<Void> response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(3))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(target))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                return 0;
            }
            System.err.println("unhealthy: " + target + " answered " + response.statusCode());
        } catch (Exception e) {
            System.err.println("unhealthy: " + target + ": " + e);
        }
        return 1;
    }
}
