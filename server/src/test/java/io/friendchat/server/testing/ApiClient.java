package io.friendchat.server.testing;

import io.friendchat.server.web.SessionCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser's view of the API: it keeps the session cookie it was given, and sends JSON with
 * the server's own Origin, as the web app does.
 */
public final class ApiClient {
    private static final Pattern SESSION = Pattern.compile(SessionCookie.NAME + "=([^;]*)");

    private final String baseUrl;
    private final Function<HttpRequest.Builder, TestServer.Response> transport;
    private String origin;
    private String session;

    ApiClient(TestServer server) {
        this(server.baseUrl(), server::send);
    }

    private ApiClient(String baseUrl, Function<HttpRequest.Builder, TestServer.Response> transport) {
        this.baseUrl = baseUrl;
        this.transport = transport;
        this.origin = baseUrl;
    }

    /** A client of a server this JVM did not start, such as a node of a cluster in its own process. */
    public static ApiClient at(String baseUrl) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new ApiClient(baseUrl, request -> TestServer.send(http, request));
    }

    public ApiClient withOrigin(String origin) {
        this.origin = origin;
        return this;
    }

    public String sessionToken() {
        return session;
    }

    public ApiClient withSessionToken(String token) {
        this.session = token;
        return this;
    }

    public TestServer.Response get(String path) {
        return send("GET", path, null);
    }

    public TestServer.Response post(String path, String json) {
        return send("POST", path, json);
    }

    public TestServer.Response patch(String path, String json) {
        return send("PATCH", path, json);
    }

    public TestServer.Response delete(String path) {
        return send("DELETE", path, null);
    }

    public TestServer.Response send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        } else if (!method.equals("GET")) {
            request.header("X-Requested-With", "FriendChat");
        }
        if (origin != null && !method.equals("GET")) {
            request.header("Origin", origin);
        }
        if (session != null) {
            request.header("Cookie", SessionCookie.NAME + "=" + session);
        }
        TestServer.Response response = transport.apply(request);
        for (String setCookie : response.raw().headers().allValues("Set-Cookie")) {
            Matcher m = SESSION.matcher(setCookie);
            if (m.find()) {
                session = m.group(1).isEmpty() ? null : m.group(1);
            }
        }
        return response;
    }

    /** Signs up with a password that is not on the common list; fails the test unless it worked. */
    public ApiClient signup(String username) {
        TestServer.Response r = post(
                "/api/auth/signup",
                "{\"username\":\"" + username + "\",\"email\":\"" + username + "@example.com\",\"password\":\""
                        + password(username) + "\"}");
        if (r.status() != 201) {
            throw new AssertionError("signup of " + username + " failed: " + r.status() + " " + r.body());
        }
        return this;
    }

    /** This client's user id. */
    public String userId() {
        return get("/api/me").json().at("/user/id").asText();
    }

    /** The password {@link #signup} uses for a username. */
    public static String password(String username) {
        return "correct horse " + username + " battery";
    }
}
