package io.friendchat.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.SocketClient;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Searching messages in a real Chromium: alice writes (with the official Socket.IO client), bob
 * finds her message among many, sees the match highlighted, opens the room at it, and finds
 * nothing more once alice removes him.
 */
class SearchInBrowserTest extends BrowserTest {

    /** Alice sends a history's worth at once: a server whose message limit lets her. */
    @BeforeAll
    static void startServer() {
        ui = new UiSession(dataDir, Map.of("FRIENDCHAT_MESSAGE_BURST", "200"));
    }

    @ParameterizedTest
    @ValueSource(ints = {375, 1280})
    void a_member_finds_a_message_opens_the_room_at_it_and_loses_it_when_removed(int width) throws Exception {
        String aliceName = "alice" + width;
        String bobName = "bob" + width;
        ApiClient alice = ApiClient.at(ui.server.baseUrl()).signup(aliceName);
        try (Browser bob = ui.browser(width, 800);
                SocketClient alicesSocket =
                        SocketClient.withToken(ui.server, alice.sessionToken()).awaitConnected()) {
            ui.signUp(bob, bobName);
            String roomId = alice.post("/api/rooms", "{\"name\":\"Haystack\",\"members\":[\"" + bobName + "\"]}")
                    .json()
                    .at("/room/id")
                    .asText();
            send(alicesSocket, roomId, "c0", "The needle is <b>here</b>, said Needles");
            // More than one page of history after it: opening the room at it must load older pages.
            for (int i = 1; i <= 70; i++) {
                send(alicesSocket, roomId, "c" + i, "straw " + i);
            }

            bob.type("#search-input", "needle" + Browser.ENTER);
            bob.await(".search-result");
            assertEquals(
                    "The needle is <b>here</b>, said Needles",
                    bob.text("return document.querySelector('.search-body').textContent"),
                    "the body is shown as text");
            assertEquals(
                    "needle,Needles",
                    bob.text(
                            "return [...document.querySelectorAll('.search-body mark')].map(m => m.textContent).join()"));
            assertFalse(
                    bob.js("return !!document.querySelector('.search-body b')").asBoolean(), "no markup from the text");
            assertTrue(bob.text("return document.querySelector('.search-hit .row-name').textContent")
                    .equals("Haystack"));
            bob.screenshot(UiSession.SCREENSHOTS.resolve("search-" + width + ".png"));

            bob.click(".search-hit");
            bob.waitFor(
                    "the room open at the found message",
                    () -> bob.js(
                                    "const t = document.querySelector('.messages li.target');"
                                            + " if (!t) return false;"
                                            + " const s = document.querySelector('.scroller').getBoundingClientRect();"
                                            + " const r = t.getBoundingClientRect();"
                                            + " return t.textContent.includes('needle') && r.bottom > s.top && r.top < s.bottom;")
                            .asBoolean());
            bob.screenshot(UiSession.SCREENSHOTS.resolve("search-opened-" + width + ".png"));

            assertEquals(
                    204,
                    alice.delete("/api/rooms/" + roomId + "/members/" + bobId(bob))
                            .status());
            bob.go(ui.url("#/search/needle"));
            bob.waitFor(
                    "no results once removed",
                    () -> bob.text("return document.querySelector('.search-status').textContent")
                            .startsWith("No messages match"));
        }
    }

    private static String bobId(Browser bob) {
        return bob.text("return fetch('/api/me').then(r => r.json()).then(j => j.user.id)");
    }

    private static void send(SocketClient socket, String roomId, String clientId, String text) throws Exception {
        JSONObject ack = socket.request(
                "message:send", new JSONObject(Map.of("roomId", roomId, "clientId", clientId, "text", text)));
        assertFalse(ack.has("error"), ack.toString());
    }
}
