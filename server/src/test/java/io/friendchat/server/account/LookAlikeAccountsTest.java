package io.friendchat.server.account;

import static io.friendchat.server.testing.ApiClient.password;
import static io.friendchat.server.testing.Problems.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import io.friendchat.server.testing.TestServer.Response;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An account cannot be made to look like another: e-mail addresses are normalized (trimmed,
 * NFC, compared without case) and refused with hidden characters; display names are in NFC
 * and hold no control, zero-width or bidi characters.
 */
class LookAlikeAccountsTest {
    /** Written as JSON escapes: NUL, BEL, soft hyphen, zero-width space, ZWNJ, ZWJ, LRM, RLO, LRI, word joiner, BOM. */
    private static final List<String> HIDDEN = List.of(
            "\\u0000", "\\u0007", "\\u00ad", "\\u200b", "\\u200c", "\\u200d", "\\u200e", "\\u202e", "\\u2066",
            "\\u2060", "\\ufeff", "\\u2028");

    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted();

    private static String signup(String username, String email, String password) {
        return "{\"username\":\"" + username + "\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    private static String login(String login, String password) {
        return "{\"login\":\"" + login + "\",\"password\":\"" + password + "\"}";
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void email_with_control_invisible_or_space_characters_is_refused(Backend backend) {
        TestServer server = fixture.start(backend, "olga");
        for (String hidden : HIDDEN) {
            Response r = server.client()
                    .post("/api/auth/signup", signup("olga2", "ol" + hidden + "ga@example.com", password("olga2")));
            assertError(r, 400, "invalid_email");
        }
        assertError(
                server.client().post("/api/auth/signup", signup("olga2", "ol\\u00a0ga@example.com", password("olga2"))),
                400,
                "invalid_email");

        assertEquals(
                401,
                server.client()
                        .post("/api/auth/login", login("olga2", password("olga2")))
                        .status(),
                "no second account was made");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void email_is_normalized_so_a_look_alike_is_taken_and_logs_in(Backend backend) {
        TestServer server = fixture.start(backend);
        Response first = server.client()
                .post("/api/auth/signup", signup("jose", "  Jose\\u0301@Example.com ", password("jose")));
        assertEquals(201, first.status(), first.body());
        assertEquals("Jos\u00e9@Example.com", first.json().at("/user/email").asText(), "trimmed and in NFC");

        assertError(
                server.client().post("/api/auth/signup", signup("jose2", "JOS\\u00c9@example.com", password("j2"))),
                409,
                "email_taken");
        assertEquals(
                200,
                server.client()
                        .post("/api/auth/login", login("jos\\u00e9@EXAMPLE.com", password("jose")))
                        .status(),
                "the composed form logs in to the same account");
        assertEquals(
                200,
                server.client()
                        .post("/api/auth/login", login("jose\\u0301@example.com", password("jose")))
                        .status(),
                "and so does the decomposed one");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void display_name_with_bidi_or_invisible_characters_is_refused(Backend backend) {
        TestServer server = fixture.start(backend, "dora");
        ApiClient dora = fixture.user("dora");
        for (String hidden : HIDDEN) {
            assertError(dora.patch("/api/me", "{\"displayName\":\"Do" + hidden + "ra\"}"), 400, "invalid_display_name");
        }
        assertError(
                server.client()
                        .post(
                                "/api/auth/signup",
                                "{\"username\":\"eve\",\"email\":\"eve@example.com\",\"password\":\"" + password("eve")
                                        + "\",\"displayName\":\"\\u202eeve\"}"),
                400,
                "invalid_display_name");

        assertEquals("dora", dora.get("/api/me").json().at("/user/displayName").asText());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void display_names_keep_emoji_sequences_and_are_stored_in_nfc(Backend backend) {
        fixture.start(backend, "dora");
        ApiClient dora = fixture.user("dora");
        String technologist = "\uD83D\uDC69\u200D\uD83D\uDCBB";

        assertEquals(
                "Dora " + technologist,
                dora.patch("/api/me", "{\"displayName\":\"Dora \\ud83d\\udc69\\u200d\\ud83d\\udcbb\"}")
                        .json()
                        .at("/user/displayName")
                        .asText(),
                "a zero-width joiner inside an emoji sequence is kept");
        assertEquals(
                "Jos\u00e9",
                dora.patch("/api/me", "{\"displayName\":\"Jose\\u0301\"}")
                        .json()
                        .at("/user/displayName")
                        .asText());
    }
}
