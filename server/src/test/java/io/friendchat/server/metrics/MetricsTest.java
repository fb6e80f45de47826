package io.friendchat.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.SocketClient;
import io.friendchat.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics}: never public by default, guarded by a token or served on a port of its own,
 * and, after real chat traffic, parsed by the Prometheus text-format parser with every series
 * moved as the traffic says.
 */
class MetricsTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Map<String, String> TEXT = Map.of("kind", "text");
    private static final Map<String, String> SEND = Map.of("event", "message:send");

    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted().withUsers("alice", "bob");

    private TestServer start(Map<String, String> env) {
        return fixture.start(Backend.SQLITE, env, Clock.systemUTC());
    }

    private static TestServer.Response scrape(TestServer server, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return server.send(request.GET());
    }

    private static TestServer.Response onMetricsPort(TestServer server, String path) {
        return server.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.server().metricsPort() + path))
                .GET());
    }

    @Test
    void metrics_are_not_served_without_a_token_or_a_port() {
        TestServer server = start(Map.of());

        assertEquals(404, scrape(server, null).status());
        assertEquals(404, scrape(server, TOKEN).status());
        assertEquals(-1, server.server().metricsPort());
    }

    @Test
    void the_token_guards_metrics_on_the_app_port() {
        TestServer server = start(Map.of("FRIENDCHAT_METRICS_TOKEN", TOKEN));

        TestServer.Response anonymous = scrape(server, null);
        assertEquals(401, anonymous.status());
        assertEquals("unauthorized", anonymous.json().path("code").asText());
        assertEquals("Bearer realm=\"metrics\"", anonymous.header("WWW-Authenticate"));
        assertEquals(401, scrape(server, TOKEN.replace('0', '1')).status());
        assertEquals(401, scrape(server, TOKEN.substring(1)).status());

        TestServer.Response allowed = scrape(server, TOKEN);
        assertEquals(200, allowed.status());
        assertTrue(allowed.header("Content-Type").startsWith("text/plain; version=0.0.4"));
        assertTrue(allowed.body().contains("# TYPE jvm_memory_used_bytes gauge"), allowed.body());
    }

    @Test
    void the_management_port_serves_metrics_and_nothing_else() {
        TestServer server = start(Map.of("FRIENDCHAT_METRICS_PORT", "0"));

        assertTrue(server.server().metricsPort() > 0);
        assertEquals(200, onMetricsPort(server, "/metrics").status());
        assertEquals(404, onMetricsPort(server, "/healthz").status());
        assertEquals(404, onMetricsPort(server, "/api/me").status());
        assertEquals(404, scrape(server, null).status(), "the app's port does not serve /metrics then");
        assertEquals(200, server.get("/healthz").status());
    }

    @Test
    void every_series_moves_with_real_traffic_and_the_scrape_parses() throws Exception {
        TestServer server = start(Map.of(
                "FRIENDCHAT_METRICS_PORT", "0",
                "FRIENDCHAT_LOGIN_FAILURES_PER_ACCOUNT", "1",
                "FRIENDCHAT_MESSAGES_PER_SECOND", "1",
                "FRIENDCHAT_MESSAGE_BURST", "5"));
        ApiClient alice = fixture.user("alice");
        ApiClient bob = fixture.user("bob");
        String roomId = fixture.createRoom(alice, "metered", "bob");
        PrometheusText before = PrometheusText.parse(metricsText(server));

        SocketClient aliceSocket = fixture.connect(alice);
        SocketClient bobSocket = fixture.connect(bob);
        // Sends until the per-user limit (a burst of 5, then 1 a second) refuses one.
        int acked = 0;
        JSONObject refused = null;
        for (int i = 0; i < 50 && refused == null; i++) {
            JSONObject ack = aliceSocket.request(
                    "message:send", new JSONObject(Map.of("roomId", roomId, "clientId", "m" + i, "text", "hi " + i)));
            if (ack.has("error")) {
                refused = ack.getJSONObject("error");
            } else {
                acked++;
                assertEquals(
                        "hi " + i,
                        bobSocket.next("message:new").getJSONObject("message").getString("body"));
            }
        }
        assertNotNull(refused, "the message rate limit never refused a send");
        assertEquals("rate_limited", refused.getString("code"));
        // A wrong password, then the same account again: refused by the login limit.
        ApiClient stranger = server.client();
        String wrong = "{\"login\":\"alice\",\"password\":\"not her password\"}";
        assertEquals(401, stranger.post("/api/auth/login", wrong).status());
        assertEquals(429, stranger.post("/api/auth/login", wrong).status());

        PrometheusText after = PrometheusText.parse(metricsText(server));

        assertEquals("counter", after.type("friendchat_messages_stored"));
        assertEquals(acked, delta(before, after, "friendchat_messages_stored_total", TEXT));
        assertEquals("histogram", after.type("friendchat_message_store_write_seconds"));
        assertTrue(after.count("friendchat_message_store_write_seconds_bucket", Map.of()) > 10);
        assertTrue(delta(before, after, "friendchat_message_store_write_seconds_count", Map.of()) >= acked);
        assertEquals("histogram", after.type("friendchat_socket_ack_seconds"));
        assertEquals(acked, after.value("friendchat_socket_ack_seconds_count", SEND));
        assertTrue(after.value("friendchat_socket_ack_seconds_bucket", Map.of("event", "message:send", "le", "+Inf"))
                == acked);
        // Each message reaches both members' sockets, besides the presence notices.
        assertTrue(delta(before, after, "friendchat_broadcast_deliveries_total", Map.of()) >= 2.0 * acked);
        assertEquals(2, after.value("friendchat_sockets_connected"));
        assertEquals(2, after.value("friendchat_users_connected"));
        assertEquals(2, after.value("friendchat_connections_open"));
        assertEquals(1, delta(before, after, "friendchat_login_failures_total", Map.of()));
        assertEquals(1, delta(before, after, "friendchat_rate_limited_total", Map.of("transport", "http")));
        assertEquals(1, delta(before, after, "friendchat_rate_limited_total", Map.of("transport", "socket")));
        // Nobody read slowly here; the socketio module's tests make these move.
        assertEquals(0, after.value("friendchat_outbound_frames_dropped_total"));
        assertEquals(0, after.value("friendchat_slow_consumer_disconnects_total"));
        // The JVM and Jetty's thread pool (Micrometer's Jetty binder on Jetty 12).
        assertTrue(after.value("jvm_memory_used_bytes", Map.of("area", "heap")) >= 0);
        assertTrue(after.value("jvm_threads_live_threads") > 0);
        assertTrue(after.value("jetty_threads_config_max") > 0);
        assertTrue(after.value("jetty_threads_current") > 0);
        assertEquals("gauge", after.type("jetty_threads_busy"));

        bobSocket.close();
        awaitScrape(server, "friendchat_sockets_connected", n -> n == 1);
        awaitScrape(server, "friendchat_users_connected", n -> n == 1);
    }

    private static String metricsText(TestServer server) {
        TestServer.Response r = onMetricsPort(server, "/metrics");
        assertEquals(200, r.status(), r.body());
        return r.body();
    }

    private static double delta(
            PrometheusText before, PrometheusText after, String sample, Map<String, String> labels) {
        double was = before.count(sample, labels) == 0 ? 0 : before.value(sample, labels);
        return after.value(sample, labels) - was;
    }

    /** Scrapes until a gauge satisfies {@code wanted}: a disconnect reaches the server a moment after the client. */
    private static void awaitScrape(TestServer server, String gauge, DoublePredicate wanted) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        double value;
        do {
            value = PrometheusText.parse(metricsText(server)).value(gauge);
            if (wanted.test(value)) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(gauge + " stayed at " + value);
    }
}
