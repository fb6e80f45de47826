package io.friendchat.server.ui;

import static io.friendchat.server.ui.UiSession.hasText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two people chatting in two real headless Chromiums against a real server. */
class ChatInBrowserTest extends BrowserTest {

    private static String title(Browser b) {
        return b.text("return document.title");
    }

    @Test
    void two_friends_chat_live_from_sign_up_to_removal() {
        try (Browser alice = ui.browser(1280, 800);
                Browser bob = ui.browser(1280, 800)) {
            ui.signUp(alice, "alice");
            ui.signUp(bob, "bob");
            String roomId = ui.createRoom(alice, "Weekend plans", "bob");
            UiSession.awaitComposer(alice);

            bob.waitFor(
                    "the new room in bob's list, live", () -> hasText(bob, ".room-list .row-name", "Weekend plans"));
            ui.openRoom(bob, roomId);
            alice.waitFor("alice to see that bob joined", () -> hasText(alice, ".messages .notice", "bob joined"));
            bob.waitFor(
                    "the room-created system message",
                    () -> hasText(bob, ".messages .system", "alice created the room “Weekend plans”."));

            long sent = System.nanoTime();
            UiSession.send(alice, "Hi Bob! Plans at https://example.com/plan?day=sat.");
            bob.waitFor(
                    "alice's message within 1 s",
                    Duration.ofSeconds(1),
                    () -> hasText(bob, ".messages .message .body", "Hi Bob!"));
            long millis = (System.nanoTime() - sent) / 1_000_000;
            assertTrue(millis < 1000, "delivered in " + millis + " ms");
            assertEquals(
                    List.of("https://example.com/plan?day=sat", "_blank", "noopener noreferrer"),
                    texts(bob.js("const a = document.querySelector('.messages .message a');"
                            + " return [a.href, a.target, a.rel];")),
                    "links open safely in a new tab");
            alice.waitFor(
                    "alice's own message confirmed and set apart",
                    () -> hasText(alice, ".messages .message.mine:not(.pending) .body", "Hi Bob!"));

            bob.type("#composer", "Sounds");
            alice.waitFor("the typing line", () -> hasText(alice, ".typing", "bob is typing…"));
            bob.type(
                    "#composer",
                    " good!" + Browser.SHIFT + Browser.ENTER + Browser.RELEASE + "See you there." + Browser.ENTER);
            alice.waitFor("bob's two-line reply", () -> hasText(alice, ".messages .message .body", "See you there."));
            assertEquals(
                    "Sounds good!\nSee you there.",
                    alice.text("const b = [...document.querySelectorAll("
                            + "'.messages .message .body')].pop(); return b.textContent;"),
                    "Shift+Enter adds a newline");
            alice.waitFor(
                    "the typing line to clear",
                    () -> alice.text("return document.querySelector('.typing').textContent")
                            .isEmpty());

            bob.go(ui.url("#/"));
            alice.waitFor("alice to see that bob left", () -> hasText(alice, ".messages .notice", "bob left"));
            for (int i = 1; i <= 3; i++) {
                UiSession.send(alice, "Unread " + i);
            }
            bob.waitFor(
                    "bob's unread badge to count 3",
                    () -> "3"
                            .equals(
                                    bob.text(
                                            "const b = document.querySelector('.room-list .badge'); return b && b.textContent")));
            bob.waitFor(
                    "the page title to show the unread total", () -> title(bob).equals("(3) FriendChat"));
            assertTrue(hasText(bob, ".room-list .row-preview", "alice: Unread 3"));

            ui.openRoom(bob, roomId);
            bob.waitFor(
                    "reading clears the badge",
                    () -> title(bob).equals("FriendChat")
                            && bob.js("return !document.querySelector('.room-list .badge')")
                                    .asBoolean());

            alice.go(ui.url("#/rooms/" + roomId + "/settings"));
            alice.fill("Room name", "Weekend trip");
            alice.press("Save");
            bob.waitFor(
                    "the new name on bob's screen, live",
                    () -> "Weekend trip".equals(bob.text("return document.querySelector('.room-name').textContent")));
            bob.waitFor(
                    "the rename as a sentence",
                    () -> hasText(
                            bob,
                            ".messages .system",
                            "alice renamed the room from “Weekend plans” to “Weekend trip”."));

            alice.press("Remove");
            alice.press("Yes, remove");
            bob.waitFor(
                    "bob's view to say he was removed",
                    () -> hasText(bob, ".gone", "You were removed from this room."));
            assertTrue(
                    bob.js("return document.querySelector('.composer').hidden").asBoolean(),
                    "no composer once removed");
            bob.waitFor("the room to leave bob's list", () -> !hasText(bob, ".room-list .row-name", "Weekend trip"));
            assertNull(alice.openDialog());
            for (Browser b : List.of(alice, bob)) {
                String console = b.console();
                assertFalse(console.contains("Content Security Policy"), "the page keeps to its CSP: " + console);
            }
        }
    }

    @Test
    void html_in_a_message_shows_as_literal_text_and_runs_nothing() {
        String attack = "<img src=x onerror=alert(1)>";
        try (Browser mallory = ui.browser(1280, 800);
                Browser victim = ui.browser(1280, 800)) {
            String roomId = ui.twoInARoom(mallory, "mallory", victim, "victim", "<b>Bold</b> room");
            UiSession.send(mallory, attack);
            victim.waitFor("the message", () -> UiSession.bodies(victim).contains(attack));
            victim.go(ui.url("#/"));
            victim.waitFor("the preview", () -> hasText(victim, ".room-list .row-preview", attack));
            ui.openRoom(victim, roomId);
            victim.waitFor("the message again", () -> UiSession.bodies(victim).contains(attack));
            for (Browser b : List.of(mallory, victim)) {
                assertNull(b.openDialog(), "no dialog opened");
                assertEquals(
                        0,
                        b.js("return document.querySelectorAll('#app img, #app b').length")
                                .asInt(),
                        "no markup was created from user text");
                assertEquals("<b>Bold</b> room", b.text("return document.querySelector('.room-name').textContent"));
            }
        }
    }

    @Test
    void a_dropped_socket_catches_up_every_missed_message_once_and_in_order() {
        try (Browser sender = ui.browser(1280, 800);
                Browser reader = ui.browser(1280, 800)) {
            ui.twoInARoom(sender, "sender", reader, "reader", "Catch-up");
            UiSession.send(sender, "before the drop");
            reader.waitFor("the first message", () -> UiSession.bodies(reader).contains("before the drop"));

            String readerId = reader.text("return fetch('/api/me').then(r => r.json()).then(j => j.user.id)");
            // The server drops the reader's socket (the gateway's disconnectUser), then DevTools
            // takes the reader offline, so the 20 messages are really missed. The client checks
            // its session and reconnects at once after a server-side drop, so its attempt may be
            // in flight when the network goes: such an attempt hangs, and the client must give
            // it up and retry rather than wait for socket.io's 20 s timeout (the old flake).
            reader.cdp("Network.enable", Map.of());
            assertTrue(ui.server.server().gateway().disconnectUser(readerId) > 0, "the reader had a socket to drop");
            reader.cdp(
                    "Network.emulateNetworkConditions",
                    Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
            reader.waitFor(
                    "the composer to be disabled with a Reconnecting… banner",
                    () -> reader.js("return document.querySelector('#composer').disabled"
                                    + " && document.querySelector('.conn').textContent === 'Reconnecting…'")
                            .asBoolean());

            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                expected.add("missed " + i);
                UiSession.send(sender, "missed " + i);
            }
            sender.waitFor(
                    "all 20 confirmed",
                    () -> UiSession.bodies(sender).containsAll(expected)
                            && sender.js("return document.querySelectorAll('.messages .pending').length")
                                            .asInt()
                                    == 0);
            assertFalse(UiSession.bodies(reader).contains("missed 1"), "the reader really was cut off");

            reader.cdp(
                    "Network.emulateNetworkConditions",
                    Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
            reader.waitFor(
                    "the reader to catch up",
                    Duration.ofSeconds(20),
                    () -> UiSession.bodies(reader).contains("missed 20"));
            UiSession.awaitComposer(reader);
            List<String> bodies = UiSession.bodies(reader);
            List<String> missed = bodies.subList(bodies.indexOf("missed 1"), bodies.size());
            assertEquals(expected, missed, "all 20, in order, each once");
            List<Integer> seqs = new ArrayList<>();
            reader.js("return [...document.querySelectorAll('.messages [data-seq]')].map(e => +e.dataset.seq)")
                    .forEach(n -> seqs.add(n.asInt()));
            for (int i = 1; i < seqs.size(); i++) {
                assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "no gap and no duplicate at " + seqs);
            }
        }
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
