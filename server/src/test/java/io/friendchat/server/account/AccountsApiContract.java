package io.friendchat.server.account;

import static io.friendchat.server.testing.ApiClient.password;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.MutableClock;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import io.friendchat.server.testing.TestServer.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account API through HTTP on a real server; one subclass per store. */
public abstract class AccountsApiContract {
    private final Backend backend;

    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted();

    private TestServer server;

    protected AccountsApiContract(Backend backend) {
        this.backend = backend;
    }

    private TestServer start(Map<String, String> extraEnv) {
        return start(extraEnv, new MutableClock());
    }

    private TestServer start(Map<String, String> extraEnv, MutableClock clock) {
        server = fixture.start(backend, extraEnv, clock);
        return server;
    }

    private TestServer start() {
        return start(Map.of());
    }

    private static String signupJson(String username, String email, String password) {
        return "{\"username\":\"" + username + "\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    private static String loginJson(String login, String password) {
        return "{\"login\":\"" + login + "\",\"password\":\"" + password + "\"}";
    }

    private static void assertError(Response r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.json().get("code").asText(), r.body());
        assertFalse(r.json().get("message").asText().isBlank());
    }

    @Test
    void signup_creates_the_account_and_logs_in_with_a_safe_cookie() {
        ApiClient alice = start().client();

        Response r = alice.post(
                "/api/auth/signup",
                "{\"username\":\"Alice\",\"email\":\"alice@example.com\",\"password\":\"" + password("alice")
                        + "\",\"displayName\":\"Alice A.\"}");

        assertEquals(201, r.status(), r.body());
        assertEquals("Alice", r.json().at("/user/username").asText());
        assertEquals("Alice A.", r.json().at("/user/displayName").asText());
        assertFalse(r.body().contains("passwordHash"));
        assertFalse(r.body().contains("argon2"));
        String cookie = r.header("Set-Cookie");
        assertTrue(cookie.startsWith("fc_session="), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP must not mark the cookie Secure: " + cookie);
        assertEquals(43, alice.sessionToken().length(), "a 256-bit token in base64url");
        Response me = alice.get("/api/me");
        assertEquals(200, me.status());
        assertEquals("alice@example.com", me.json().at("/user/email").asText());
    }

    @Test
    void the_session_probe_answers_200_logged_in_or_not() {
        TestServer server = start();
        ApiClient nobody = server.client();
        Response out = nobody.get("/api/auth/session");
        assertEquals(200, out.status(), "being logged out is an answer, not an error");
        assertTrue(out.json().get("user").isNull(), out.body());
        assertError(nobody.get("/api/me"), 401, "unauthorized");

        ApiClient carol = server.client().signup("carol");
        Response in = carol.get("/api/auth/session");
        assertEquals(200, in.status());
        assertEquals("carol", in.json().at("/user/username").asText());
        assertFalse(in.body().contains("passwordHash"));

        String ended = carol.sessionToken();
        carol.post("/api/auth/logout", null);
        Response after = server.client().withSessionToken(ended).get("/api/auth/session");
        assertEquals(200, after.status());
        assertTrue(after.json().get("user").isNull(), "an ended session is nobody: " + after.body());
    }

    @Test
    void display_name_defaults_to_the_username_and_can_be_changed() {
        ApiClient bob = start().client().signup("bob");
        assertEquals("bob", bob.get("/api/me").json().at("/user/displayName").asText());

        Response r = bob.patch("/api/me", "{\"displayName\":\"  Bob the Builder  \"}");

        assertEquals(200, r.status(), r.body());
        assertEquals(
                "Bob the Builder",
                bob.get("/api/me").json().at("/user/displayName").asText());
        assertError(bob.patch("/api/me", "{\"displayName\":\"   \"}"), 400, "invalid_display_name");
        assertError(bob.patch("/api/me", "{\"displayName\":\"" + "x".repeat(65) + "\"}"), 400, "invalid_display_name");
    }

    @Test
    void bad_usernames_are_refused_and_nothing_is_stored() {
        ApiClient client = start().client();
        for (String bad : new String[] {"ab", "x".repeat(33), "has space", "semi;colon", "ünï", ""}) {
            assertError(
                    client.post("/api/auth/signup", signupJson(bad, "u@example.com", password("u"))),
                    400,
                    "invalid_username");
        }
        assertNull(client.sessionToken());
        assertEquals(
                201,
                client.post("/api/auth/signup", signupJson("u.s-e_r", "u@example.com", password("u")))
                        .status());
    }

    @Test
    void bad_emails_are_refused() {
        ApiClient client = start().client();
        for (String bad : new String[] {"plain", "a@b", "two@@example.com", "sp ace@example.com", "@example.com"}) {
            assertError(
                    client.post("/api/auth/signup", signupJson("carol", bad, password("carol"))), 400, "invalid_email");
        }
    }

    @Test
    void short_long_and_common_passwords_are_refused() {
        ApiClient client = start().client();
        assertError(
                client.post("/api/auth/signup", signupJson("dave", "d@example.com", "short7!")),
                400,
                "invalid_password");
        assertError(
                client.post("/api/auth/signup", signupJson("dave", "d@example.com", "x".repeat(129))),
                400,
                "invalid_password");
        for (String common : new String[] {"password", "PassWord", "12345678", "baseball", "qwertyuiop"}) {
            assertError(
                    client.post("/api/auth/signup", signupJson("dave", "d@example.com", common)),
                    400,
                    "password_too_common");
        }
        assertError(
                client.post("/api/auth/signup", signupJson("davedave", "d@example.com", "DaveDave")),
                400,
                "password_too_common");
        assertEquals(
                201,
                client.post("/api/auth/signup", signupJson("dave", "d@example.com", "x".repeat(128)))
                        .status());
    }

    @Test
    void username_or_email_differing_only_in_case_is_taken() {
        ApiClient client = start().client().signup("erin");

        assertError(
                client.post("/api/auth/signup", signupJson("ERIN", "other@example.com", password("x"))),
                409,
                "username_taken");
        assertError(
                client.post("/api/auth/signup", signupJson("erin2", "ERIN@EXAMPLE.COM", password("x"))),
                409,
                "email_taken");
    }

    @Test
    void missing_empty_and_wrongly_typed_fields_are_refused() {
        ApiClient client = start().client();

        assertError(
                client.post("/api/auth/signup", "{\"username\":\"frank\",\"password\":\"" + password("f") + "\"}"),
                400,
                "missing_field");
        assertError(
                client.post("/api/auth/signup", "{\"username\":\"frank\",\"email\":null,\"password\":\"x\"}"),
                400,
                "missing_field");
        assertError(
                client.post(
                        "/api/auth/signup",
                        "{\"username\":42,\"email\":\"f@example.com\",\"password\":\"" + password("f") + "\"}"),
                400,
                "invalid_type");
        assertError(
                client.post(
                        "/api/auth/signup",
                        "{\"username\":[\"frank\"],\"email\":\"f@example.com\"," + "\"password\":\"" + password("f")
                                + "\"}"),
                400,
                "invalid_type");
        assertError(
                client.post(
                        "/api/auth/signup",
                        "{\"username\":\"frank\",\"email\":\"f@example.com\"," + "\"password\":\"" + "p".repeat(20_000)
                                + "\"}"),
                400,
                "too_long");
        assertError(client.post("/api/auth/login", "{\"login\":\"\",\"password\":\"\"}"), 401, "invalid_credentials");
    }

    @Test
    void operator_shaped_values_never_reach_a_query() {
        ApiClient client = start().client().signup("grace");
        ApiClient attacker = server.client();

        assertError(
                attacker.post(
                        "/api/auth/signup",
                        "{\"username\":{\"$ne\":null},\"email\":\"g2@example.com\"," + "\"password\":\"" + password("g")
                                + "\"}"),
                400,
                "invalid_type");
        assertError(
                attacker.post("/api/auth/login", "{\"login\":{\"$ne\":null},\"password\":{\"$ne\":null}}"),
                400,
                "invalid_type");
        assertError(
                attacker.post("/api/auth/login", "{\"login\":\"grace\",\"password\":{\"$gt\":\"\"}}"),
                400,
                "invalid_type");
        assertError(
                attacker.post("/api/auth/login", loginJson("{\\\"$ne\\\": null}", "x")), 401, "invalid_credentials");
        assertNull(attacker.sessionToken());
        assertEquals(200, client.get("/api/me").status());
    }

    @Test
    void malformed_json_wrong_content_type_and_huge_bodies_are_refused() {
        ApiClient client = start().client();

        Response malformed = client.post("/api/auth/signup", "{\"username\": \"x\",,}");
        assertError(malformed, 400, "malformed_json");
        assertTrue(malformed.json().get("message").asText().contains("line 1, column"), malformed.body());
        assertError(client.post("/api/auth/signup", "[1, 2]"), 400, "malformed_json");

        Response wrongType = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/auth/signup"))
                .header("Origin", server.baseUrl())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(signupJson("hank", "h@example.com", password("h")))));
        assertError(wrongType, 415, "unsupported_media_type");

        String huge = "{\"username\":\"" + "h".repeat(1024 * 1024) + "\"}";
        Response tooLarge = client.post("/api/auth/signup", huge);
        assertEquals(413, tooLarge.status());
        assertEquals(
                201,
                client.post("/api/auth/signup", signupJson("hank", "h@example.com", password("h")))
                        .status(),
                "the server keeps serving after bad input");
    }

    @Test
    void login_by_username_or_email_in_any_case_issues_a_new_token_each_time() {
        start().client().signup("ivan");
        ApiClient first = server.client();
        ApiClient second = server.client();

        assertEquals(
                200,
                first.post("/api/auth/login", loginJson("IVAN", password("ivan")))
                        .status());
        assertEquals(
                200,
                second.post("/api/auth/login", loginJson("Ivan@Example.com", password("ivan")))
                        .status());

        assertNotNull(first.sessionToken());
        assertNotEquals(first.sessionToken(), second.sessionToken());
        String before = first.sessionToken();
        assertEquals(
                200,
                first.post("/api/auth/login", loginJson("ivan", password("ivan")))
                        .status());
        assertNotEquals(before, first.sessionToken(), "a login must never keep the session token it was sent");
        assertEquals("ivan", first.get("/api/me").json().at("/user/username").asText());
    }

    @Test
    void unknown_user_and_wrong_password_get_the_same_answer() {
        start().client().signup("judy");

        Response unknown = server.client().post("/api/auth/login", loginJson("nobody", password("judy")));
        Response wrong = server.client().post("/api/auth/login", loginJson("judy", "wrong password!"));

        assertEquals(401, unknown.status());
        assertEquals(unknown.status(), wrong.status());
        assertEquals(unknown.body(), wrong.body());
    }

    @Test
    void logout_ends_the_session_and_the_old_cookie_gets_401() {
        ApiClient karl = start().client().signup("karl");
        String token = karl.sessionToken();

        Response r = karl.post("/api/auth/logout", null);

        assertEquals(204, r.status());
        assertTrue(r.header("Set-Cookie").contains("Max-Age=0"));
        ApiClient replay = server.client().withSessionToken(token);
        assertError(replay.get("/api/me"), 401, "unauthorized");
        assertError(replay.post("/api/auth/logout", null), 401, "unauthorized");
    }

    @Test
    void logout_everywhere_ends_every_session_of_the_user() {
        ApiClient laptop = start().client().signup("lena");
        ApiClient phone = server.client();
        phone.post("/api/auth/login", loginJson("lena", password("lena")));
        ApiClient other = server.client().signup("mike");

        assertEquals(204, phone.post("/api/auth/logout-all", null).status());

        assertEquals(401, laptop.get("/api/me").status());
        assertEquals(
                401,
                server.client()
                        .withSessionToken(phone.sessionToken())
                        .get("/api/me")
                        .status());
        assertEquals(200, other.get("/api/me").status());
    }

    @Test
    void password_change_ends_the_other_sessions_and_keeps_this_one() {
        ApiClient laptop = start().client().signup("nina");
        ApiClient phone = server.client();
        phone.post("/api/auth/login", loginJson("nina", password("nina")));

        assertError(
                laptop.post("/api/me/password", "{\"current\":\"wrong one!\",\"new\":\"a brand new secret\"}"),
                400,
                "wrong_password");
        assertError(
                laptop.post("/api/me/password", "{\"current\":\"" + password("nina") + "\",\"new\":\"password\"}"),
                400,
                "password_too_common");
        assertEquals(
                204,
                laptop.post(
                                "/api/me/password",
                                "{\"current\":\"" + password("nina") + "\",\"new\":\"a brand new secret\"}")
                        .status());

        assertEquals(200, laptop.get("/api/me").status());
        assertEquals(401, phone.get("/api/me").status());
        assertEquals(
                401,
                server.client()
                        .post("/api/auth/login", loginJson("nina", password("nina")))
                        .status());
        assertEquals(
                200,
                server.client()
                        .post("/api/auth/login", loginJson("nina", "a brand new secret"))
                        .status());
    }

    @Test
    void failed_logins_are_throttled_per_account_with_retry_after() {
        start().client().signup("olga");
        for (int i = 0; i < 10; i++) {
            assertEquals(
                    401,
                    server.client()
                            .post("/api/auth/login", loginJson("olga", "wrong " + i))
                            .status());
        }

        Response limited = server.client().post("/api/auth/login", loginJson("OLGA", password("olga")));

        assertError(limited, 429, "rate_limited");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
        assertEquals(retryAfter, limited.json().get("retryAfter").asLong());
        assertEquals(200, server.client().signup("pete").get("/api/me").status(), "other accounts are not affected");
    }

    @Test
    void the_account_limit_lifts_after_the_window() {
        MutableClock clock = new MutableClock();
        start(Map.of("FRIENDCHAT_LOGIN_FAILURES_PER_ACCOUNT", "2"), clock)
                .client()
                .signup("quinn");
        server.client().post("/api/auth/login", loginJson("quinn", "wrong 1"));
        server.client().post("/api/auth/login", loginJson("quinn", "wrong 2"));
        assertEquals(
                429,
                server.client()
                        .post("/api/auth/login", loginJson("quinn", password("quinn")))
                        .status());

        clock.advance(Duration.ofMinutes(16));

        assertEquals(
                200,
                server.client()
                        .post("/api/auth/login", loginJson("quinn", password("quinn")))
                        .status());
    }

    @Test
    void failed_logins_are_throttled_per_ip() {
        start(Map.of("FRIENDCHAT_LOGIN_FAILURES_PER_IP", "3")).client().signup("rita");
        for (String name : new String[] {"a1", "a2", "a3"}) {
            assertEquals(
                    401,
                    server.client()
                            .post("/api/auth/login", loginJson(name, "wrong"))
                            .status());
        }

        assertError(server.client().post("/api/auth/login", loginJson("rita", password("rita"))), 429, "rate_limited");
    }

    @Test
    void signups_are_throttled_per_ip() {
        start(Map.of("FRIENDCHAT_SIGNUPS_PER_IP_PER_HOUR", "2"));
        server.client().signup("sam1");
        server.client().signup("sam2");

        Response third =
                server.client().post("/api/auth/signup", signupJson("sam3", "sam3@example.com", password("s")));

        assertError(third, 429, "rate_limited");
        assertNotNull(third.header("Retry-After"));
    }

    @Test
    void state_changes_from_a_foreign_origin_are_refused() {
        start(Map.of("FRIENDCHAT_ALLOWED_ORIGINS", "https://friend.example"));
        ApiClient tina = server.client().signup("tina");
        String token = tina.sessionToken();

        assertError(
                server.client()
                        .withSessionToken(token)
                        .withOrigin("https://evil.example")
                        .post("/api/auth/logout-all", null),
                403,
                "csrf");
        assertError(
                server.client().withSessionToken(token).withOrigin(null).post("/api/auth/logout-all", null),
                403,
                "csrf");
        assertError(
                server.client()
                        .withOrigin("https://evil.example")
                        .post("/api/auth/signup", signupJson("uma", "uma@example.com", password("uma"))),
                403,
                "csrf");
        assertEquals(200, tina.get("/api/me").status(), "the refused requests changed nothing");

        Response viaReferer = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/auth/logout"))
                .header("Cookie", "fc_session=" + token)
                .header("Referer", server.baseUrl() + "/rooms")
                .header("X-Requested-With", "x")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, viaReferer.status(), "a same-origin Referer stands in for a missing Origin");

        ApiClient friend = server.client().withOrigin("https://friend.example").signup("victor");
        assertEquals(204, friend.post("/api/auth/logout", null).status(), "an allowed origin may change state");
    }

    @Test
    void sessions_end_after_the_idle_timeout() {
        MutableClock clock = new MutableClock();
        ApiClient walt = start(Map.of("FRIENDCHAT_SESSION_IDLE_TIMEOUT", "1h"), clock)
                .client()
                .signup("walt");

        clock.advance(Duration.ofMinutes(50));
        assertEquals(200, walt.get("/api/me").status(), "use keeps the session alive");
        clock.advance(Duration.ofMinutes(50));
        assertEquals(200, walt.get("/api/me").status());
        clock.advance(Duration.ofMinutes(61));

        assertEquals(401, walt.get("/api/me").status());
    }

    @Test
    void sessions_end_at_the_absolute_timeout_however_much_they_are_used() {
        MutableClock clock = new MutableClock();
        ApiClient xena = start(
                        Map.of("FRIENDCHAT_SESSION_IDLE_TIMEOUT", "1h", "FRIENDCHAT_SESSION_ABSOLUTE_TIMEOUT", "2h"),
                        clock)
                .client()
                .signup("xena");

        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofMinutes(50));
            assertEquals(200, xena.get("/api/me").status());
        }
        clock.advance(Duration.ofMinutes(21));

        assertEquals(401, xena.get("/api/me").status());
    }
}
