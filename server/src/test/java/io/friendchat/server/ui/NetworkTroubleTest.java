package io.friendchat.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the web client does when the network lets it down: taken away and given back (DevTools
 * offline, which the browser announces), or silently half dead ({@link FaultyLink}, which nobody
 * announces). Screenshots of the new states go to server/target/screenshots/.
 */
class NetworkTroubleTest extends BrowserTest {
    /** socket.io-client's own give-up time for a connection attempt, which the client used to rely on. */
    private static final Duration SOCKET_IO_CONNECT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * When the server learns that a client whose network went away has gone, at the latest.
     * DevTools offline reaches the page (which reconnects at once, see chat.js) and the network
     * stack separately, in either order, so the page's new polling session may be cut off in
     * flight. Jetty does not report the close of a parked long-poll (docs/protocol.md, "Known
     * differences"), so such a session ends by the heartbeat: pingInterval 25 s + pingTimeout
     * 20 s, found by a sweep up to 1 s later, then the 3 s offline grace of PresenceTracker.
     */
    private static final Duration SERVER_SEES_A_VANISHED_CLIENT_GONE = Duration.ofSeconds(25 + 20 + 1 + 3 + 5);

    private static boolean reconnecting(Browser b) {
        return b.js("const c = document.querySelector('.conn'); return !!c && c.textContent === 'Reconnecting…'")
                .asBoolean();
    }

    private static boolean connected(Browser b) {
        return b.js("const c = document.querySelector('#composer');"
                        + " return !!c && !c.disabled && document.querySelector('.conn').textContent === ''")
                .asBoolean();
    }

    /** Each member's name, dot class and dot title, as the member list shows them. */
    private static List<String> dots(Browser b) {
        return Browser.strings(b.js("return [...document.querySelectorAll('.member-list .member')].map(li =>"
                + " li.querySelector('.member-name').textContent + ' | ' + li.querySelector('.dot').className"
                + " + ' | ' + li.querySelector('.dot').getAttribute('aria-label'))"));
    }

    private static int count(List<String> bodies, String text) {
        return (int) bodies.stream().filter(text::equals).count();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Test
    void the_room_reconnects_as_soon_as_the_browser_is_back_online() throws Exception {
        try (Browser writer = ui.browser(1280, 800);
                Browser reader = ui.browser(1280, 800)) {
            ui.twoInARoom(writer, "writer", reader, "reader", "Back online");
            reader.offline(true);
            reader.waitFor(
                    "the reader to say it is reconnecting, as soon as the browser is offline",
                    Duration.ofSeconds(3),
                    () -> reconnecting(reader));
            UiSession.send(writer, "while you were away");
            writer.waitFor(
                    "the writer's message confirmed",
                    () -> UiSession.bodies(writer).contains("while you were away"));
            // An 8 s outage, as in the report: long enough for socket.io's backoff between
            // attempts to have grown to its 5 s maximum, which the client no longer waits out.
            Thread.sleep(8_000);
            assertFalse(UiSession.bodies(reader).contains("while you were away"), "the reader really was offline");

            long restored = System.nanoTime();
            reader.offline(false);
            reader.waitFor(
                    "the reader to catch up",
                    Duration.ofSeconds(10),
                    () -> UiSession.bodies(reader).contains("while you were away") && connected(reader));
            long millis = millisSince(restored);
            System.out.println("back online: caught up in " + millis + " ms");
            assertTrue(millis < 2_000, "caught up " + millis + " ms after the network came back");
        }
    }

    @Test
    void a_connection_attempt_that_hangs_is_given_up_and_retried() {
        try (Browser writer = ui.browser(1280, 800);
                Browser reader = ui.browser(1280, 800);
                FaultyLink link = new FaultyLink(ui.server.server().port())) {
            String roomId = ui.twoInARoom(writer, "hana", reader, "hugo", "Hanging on");
            reader.go(link.url("#/rooms/" + roomId));
            UiSession.awaitComposer(reader);
            reader.waitFor("the reader's connection to settle on a WebSocket", () -> link.webSocketUpgrades() > 0);

            // The connection breaks and, from then on, whatever the reader sends vanishes: its
            // next connection attempt hangs, as one does when it was in flight when the network
            // went away. Nobody tells the browser.
            link.stall();
            link.resetConnections();
            reader.waitFor("the reader to notice the broken connection", () -> reconnecting(reader));
            UiSession.send(writer, "sent while the reader hung");
            writer.waitFor(
                    "the writer's message confirmed",
                    () -> UiSession.bodies(writer).contains("sent while the reader hung"));
            reader.waitFor("the reader's next connection attempt to be under way", () -> link.droppedRequests() > 0);

            // The network works again, but the attempt in flight stays lost; socket.io alone
            // would wait 20 s for it.
            long healed = System.nanoTime();
            link.heal();
            reader.waitFor(
                    "the reader to give up the hung attempt, retry and catch up",
                    SOCKET_IO_CONNECT_TIMEOUT,
                    () -> UiSession.bodies(reader).contains("sent while the reader hung"));
            long millis = millisSince(healed);
            System.out.println("hung attempt: caught up in " + millis + " ms after the link healed");
            assertTrue(millis < 12_000, "caught up " + millis + " ms after the network healed");
            assertEquals(1, count(UiSession.bodies(reader), "sent while the reader hung"));
        }
    }

    @Test
    void a_send_whose_ack_never_comes_shows_not_sent_and_is_stored_once_after_reconnect() {
        try (Browser sender = ui.browser(1280, 800);
                Browser reader = ui.browser(1280, 800);
                FaultyLink link = new FaultyLink(ui.server.server().port())) {
            String roomId = ui.twoInARoom(sender, "lara", reader, "luis", "Lost acks");
            sender.go(link.url("#/rooms/" + roomId));
            UiSession.awaitComposer(sender);
            sender.waitFor("the sender's connection to settle on a WebSocket", () -> link.webSocketUpgrades() > 0);

            // Half dead: what the sender sends reaches the server, nothing comes back.
            link.swallowReplies();
            UiSession.send(sender, "did this go?");
            reader.waitFor(
                    "the message stored and delivered to the reader",
                    () -> UiSession.bodies(reader).contains("did this go?"));
            sender.waitFor(
                    "the sender to show it as not sent, with Retry, once the ack is overdue",
                    Duration.ofSeconds(15),
                    () -> sender.js("const p = document.querySelector('.messages .pending.failed');"
                                    + " return !!p && p.querySelector('.msg-status').textContent.startsWith('Not sent')"
                                    + " && [...p.querySelectorAll('button')].some(b => b.textContent === 'Retry')")
                            .asBoolean());
            UiSession.awaitComposer(reader);
            sender.screenshot(UiSession.SCREENSHOTS.resolve("not-sent-1280.png"));
            sender.setViewport(375, 667);
            sender.screenshot(UiSession.SCREENSHOTS.resolve("not-sent-375.png"));
            sender.setViewport(1280, 800);

            link.restore();
            sender.waitFor(
                    "the message confirmed after the reconnect",
                    Duration.ofSeconds(15),
                    () -> UiSession.bodies(sender).contains("did this go?")
                            && sender.js("return document.querySelectorAll('.messages .pending').length")
                                            .asInt()
                                    == 0);
            // A later message is the event that would have followed a duplicate.
            UiSession.send(sender, "and this one");
            reader.waitFor("the next message", () -> UiSession.bodies(reader).contains("and this one"));
            sender.waitFor("the next message", () -> UiSession.bodies(sender).contains("and this one"));
            assertEquals(1, count(UiSession.bodies(sender), "did this go?"), "shown once to the sender");
            assertEquals(1, count(UiSession.bodies(reader), "did this go?"), "shown once to the reader");
            JsonNode stored = reader.js(
                    "return fetch('/api/rooms/' + encodeURIComponent(arguments[0]) + '/messages?limit=100')"
                            + ".then(r => r.json()).then(j => j.messages.map(m => m.body))",
                    roomId);
            long copies = Browser.strings(stored).stream()
                    .filter("did this go?"::equals)
                    .count();
            assertEquals(1, copies, "stored once: " + stored);
        }
    }

    @Test
    void presence_is_unknown_while_offline_and_refreshed_after_reconnect() {
        try (Browser alice = ui.browser(1280, 800);
                Browser bob = ui.browser(375, 667)) {
            String roomId = ui.twoInARoom(alice, "alice", bob, "bob", "Who is here");
            String bobId = bob.text("return fetch('/api/me').then(r => r.json()).then(j => j.user.id)");
            alice.waitFor("bob online in alice's member list", () -> dots(alice).contains("bob | dot online | online"));

            alice.offline(true);
            bob.offline(true);
            for (Browser b : List.of(alice, bob)) {
                b.waitFor(
                        "every dot to say the status is unknown",
                        Duration.ofSeconds(3),
                        () -> dots(b).size() == 2
                                && dots(b).stream().allMatch(d -> d.endsWith("| dot unknown | status unknown")));
            }
            assertTrue(
                    alice.js("return [...document.querySelectorAll('.member-list .dot')].every(d =>"
                                    + " d.title === 'Online status unknown until reconnected')")
                            .asBoolean(),
                    "the dots explain themselves");
            alice.screenshot(UiSession.SCREENSHOTS.resolve("presence-unknown-1280.png"));
            bob.click(".members-toggle");
            bob.await(".members-panel");
            bob.screenshot(UiSession.SCREENSHOTS.resolve("presence-unknown-375.png"));

            // Bob leaves for good while alice is offline; she must learn it on reconnecting.
            bob.close();
            long closed = System.nanoTime();
            alice.waitFor(
                    "the server to see bob gone",
                    SERVER_SEES_A_VANISHED_CLIENT_GONE,
                    () -> !ui.server.server().gateway().isOnline(bobId));
            System.out.println("bob closed: the server saw him gone in " + millisSince(closed) + " ms");
            alice.offline(false);
            alice.waitFor(
                    "presence refreshed from the server after the reconnect",
                    () -> connected(alice)
                            && dots(alice).contains("bob | dot offline | offline")
                            && dots(alice).contains("alice (you) | dot online | online"));
        }
    }
}
