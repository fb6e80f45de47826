package io.friendchat.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.SocketClient;
import java.time.Duration;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Two people in Chromium changing messages after they are sent: edit, delete (one's own, and a
 * moderator's), reply with a quote that jumps to the original, reactions, mention counters,
 * notification levels, and a browser that was offline during the changes catching up.
 */
class MessageChangesInBrowserTest extends BrowserTest {

    private static int counter;

    private static String unique(String name) {
        return name + (++counter);
    }

    /** The list item of the confirmed message whose text starts with `text`, as a CSS selector. */
    private static String item(Browser b, String text) {
        b.waitFor(
                "a message '" + text + "'",
                () -> b.js(FIND + " return !!find(arguments[0]);", text).asBoolean());
        return "li.message[data-seq='" + b.text(FIND + " return find(arguments[0]).dataset.seq;", text) + "']";
    }

    private static final String FIND =
            "const find = (t) => [...document.querySelectorAll('.messages li.message:not(.pending)')]"
                    + ".find(li => (li.querySelector('.body')?.textContent || '').startsWith(t));";

    /** Opens the actions of a message and presses one of them. */
    private static void action(Browser b, String selector, String label) {
        b.click(selector + " .msg-more");
        b.await(selector + " .msg-menu");
        b.press(label);
    }

    private static String body(Browser b, String selector) {
        return b.text("const e = document.querySelector(arguments[0] + ' .body'); return e && e.textContent", selector);
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void the_author_edits_and_deletes_and_the_other_sees_it_live(int width) {
        String alice = unique("edalice");
        String bob = unique("edbob");
        try (Browser a = ui.browser(width, 800);
                Browser b = ui.browser(width, 800)) {
            ui.twoInARoom(a, alice, b, bob, "Edits");
            UiSession.send(a, "First drat");
            String mine = item(a, "First drat");
            String seen = item(b, "First drat");
            assertTrue(b.js("return !!document.querySelector(arguments[0] + ' .msg-more')", seen)
                    .asBoolean());

            action(a, mine, "Edit");
            assertEquals("First drat", a.text("return document.querySelector('#composer').value"));
            a.await(".composer-mode");
            a.script("document.querySelector('#composer').value = ''");
            a.type("#composer", "First draft, **fixed**" + Browser.ENTER);
            b.waitFor("the edit, live", () -> "First draft, fixed".equals(body(b, seen)));
            assertEquals(
                    "fixed", b.text("return document.querySelector(arguments[0] + ' .body strong').textContent", seen));
            assertEquals(
                    "edited", b.text("return document.querySelector(arguments[0] + ' .edited').textContent", seen));
            assertTrue(a.js("return document.querySelector('.composer-mode').hidden")
                    .asBoolean());
            b.screenshot(UiSession.SCREENSHOTS.resolve("edited-" + width + ".png"));

            action(a, mine, "Delete");
            a.press("Yes, delete");
            b.waitFor("the deletion, live", () -> "message deleted".equals(body(b, seen)));
            // Up in an empty composer edits one's last message: bob's, not alice's deleted one.
            UiSession.send(b, "Bob's line");
            b.waitFor("bob's line confirmed", () -> UiSession.bodies(b).contains("Bob's line"));
            b.type("#composer", Keys.ARROW_UP.toString());
            assertEquals("Bob's line", b.text("return document.querySelector('#composer').value"));
            assertEquals(
                    "Editing your message", b.text("return document.querySelector('.composer-mode-text').textContent"));
            b.type("#composer", Keys.ESCAPE.toString());
            assertEquals("", b.text("return document.querySelector('#composer').value"), "Escape leaves the edit");
            assertFalse(b.text("return document.querySelector('.messages').textContent")
                    .contains("First draft"));
            assertTrue(
                    b.js("return !document.querySelector(arguments[0] + ' .msg-more')", seen)
                            .asBoolean(),
                    "a deleted message has no actions");
            a.waitFor("the deletion on the author's screen", () -> "message deleted".equals(body(a, mine)));
        }
    }

    @Test
    void owners_delete_anyones_message_and_members_only_their_own() {
        String alice = unique("modalice");
        String bob = unique("modbob");
        try (Browser a = ui.browser(1280, 800);
                Browser b = ui.browser(1280, 800)) {
            ui.twoInARoom(a, alice, b, bob, "Moderation");
            UiSession.send(a, "From the owner");
            UiSession.send(b, "Spam from bob");
            String owners = item(b, "From the owner");
            b.click(owners + " .msg-more");
            b.await(owners + " .msg-menu");
            assertEquals(
                    List.of("Reply", "React"),
                    Browser.strings(b.js(
                            "return [...document.querySelectorAll(arguments[0] + ' .msg-menu button')].map(e => e.textContent)",
                            owners)),
                    "a member can neither edit nor delete someone else's message");

            String spam = item(a, "Spam from bob");
            action(a, spam, "Delete");
            a.await(spam + " .confirm");
            assertTrue(a.text("return document.querySelector(arguments[0] + ' .confirm').textContent", spam)
                    .contains("Delete " + bob + "’s message?"));
            a.press("Yes, delete");
            String bobs = item(b, "message deleted");
            assertEquals("message deleted", body(b, bobs));
        }
    }

    /**
     * A page shows the room from the HTTP API while its socket still connects; the join then
     * replays every change since the page's rev. A changed message older than the pages shown
     * must not appear above them (with a gap between), while the quotes of the replies shown
     * follow it. The socket's requests are held back so that HTTP comes first.
     */
    @Test
    void a_room_shown_before_its_socket_joined_gets_no_message_from_outside_its_pages() throws Exception {
        String alice = unique("hpalice");
        String bob = unique("hpbob");
        ApiClient aliceApi = ui.server.client().signup(alice);
        ui.server.client().signup(bob);
        try (SocketClient aliceSocket = SocketClient.withToken(ui.server, aliceApi.sessionToken())
                        .awaitConnected();
                FaultyLink link = new FaultyLink(ui.server.server().port());
                Browser b = ui.browser(1280, 800)) {
            String roomId = UiSession.roomOver(aliceApi, "Over HTTP first", bob);
            String original = UiSession.sendOver(aliceSocket, roomId, "The old question");
            for (int i = 1; i <= 55; i++) {
                UiSession.sendOver(aliceSocket, roomId, "Filler " + i);
            }
            UiSession.sendOver(aliceSocket, roomId, "Quoting it", original);
            UiSession.requestOver(
                    aliceSocket,
                    "message:edit",
                    new JSONObject()
                            .put("roomId", roomId)
                            .put("messageId", original)
                            .put("text", "The new question"));

            UiSession.logIn(b, link.url("#/login"), bob);
            link.delay("GET /socket.io/", Duration.ofSeconds(2));
            b.go(link.url("#/rooms/" + roomId));
            b.driver().navigate().refresh();
            item(b, "Filler 55");
            assertTrue(
                    b.js("return document.querySelector('#composer').disabled").asBoolean(),
                    "shown over HTTP before the socket joined");
            UiSession.awaitComposer(b);

            assertFalse(b.js(FIND + " return !!find('The ')").asBoolean(), "the changed message is not shown");
            assertEquals(
                    alice + "The new question",
                    b.text(
                            "return document.querySelector(arguments[0] + ' .quote').textContent",
                            item(b, "Quoting it")));
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void a_reply_quotes_its_original_and_jumps_to_it_loading_history(int width) throws Exception {
        String alice = unique("rpalice");
        String bob = unique("rpbob");
        ApiClient aliceApi = ui.server.client().signup(alice);
        try (Browser a = ui.browser(width, 800);
                Browser b = ui.browser(width, 800);
                SocketClient aliceSocket = SocketClient.withToken(ui.server, aliceApi.sessionToken())
                        .awaitConnected()) {
            ui.signUp(b, bob);
            String roomId = UiSession.roomOver(aliceApi, "Replies", bob);
            UiSession.sendOver(
                    aliceSocket, roomId, "The original question, with enough words to be cut somewhere in the quote");
            ui.openRoom(b, roomId);
            String original = item(b, "The original question");
            for (int i = 1; i <= 55; i++) {
                UiSession.sendOver(aliceSocket, roomId, "Filler " + i);
            }
            b.waitFor("the fillers", () -> UiSession.bodies(b).contains("Filler 55"));

            action(b, original, "Reply");
            assertTrue(b.text("return document.querySelector('.composer-mode-text').textContent")
                    .startsWith("Replying to " + alice + ": The original question"));
            UiSession.send(b, "The answer");
            String reply = item(b, "The answer");
            assertEquals(
                    alice + "The original question, with enough words to be cut somewhere in the quote",
                    b.text("return document.querySelector(arguments[0] + ' .quote').textContent", reply));

            // The server sends only the changed original: the quote follows it all the same.
            String originalId = b.text("return document.querySelector(arguments[0]).dataset.id", original);
            UiSession.requestOver(
                    aliceSocket,
                    "message:edit",
                    new JSONObject()
                            .put("roomId", roomId)
                            .put("messageId", originalId)
                            .put("text", "The original question, reworded"));
            b.waitFor(
                    "the quote to follow the edit",
                    () -> (alice + "The original question, reworded")
                            .equals(b.text(
                                    "return document.querySelector(arguments[0] + ' .quote').textContent", reply)));

            // A fresh page holds only the latest 50: the original must be fetched.
            UiSession.logIn(a, ui.url("#/login"), alice);
            ui.openRoom(a, roomId);
            String quoted = item(a, "The answer");
            assertFalse(a.js(FIND + " return !!find('The original question')").asBoolean(), "not loaded yet");
            a.click(quoted + " .quote");
            String shown = item(a, "The original question");
            a.waitFor(
                    "the original in view, flashed",
                    () -> a.js(
                                    "const li = document.querySelector(arguments[0]);"
                                            + " const s = document.querySelector('.scroller').getBoundingClientRect();"
                                            + " const r = li.getBoundingClientRect();"
                                            + " return li.classList.contains('flash') && r.top >= s.top && r.bottom <= s.bottom;",
                                    shown)
                            .asBoolean());
            a.screenshot(UiSession.SCREENSHOTS.resolve("reply-jump-" + width + ".png"));
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void reactions_toggle_with_counts_and_say_who_reacted(int width) {
        String alice = unique("rcalice");
        String bob = unique("rcbob");
        try (Browser a = ui.browser(width, 800);
                Browser b = ui.browser(width, 800)) {
            ui.twoInARoom(a, alice, b, bob, "Reactions");
            UiSession.send(a, "Party tonight?");
            String forBob = item(b, "Party tonight?");
            action(b, forBob, "React");
            b.click(forBob + " .emoji-picker button[aria-label='React with 🎉']");
            String forAlice = item(a, "Party tonight?");
            String chip = forAlice + " .reaction[data-emoji='🎉']";
            a.waitFor(
                    "bob's reaction, live",
                    () -> "🎉1"
                            .equals(a.text(
                                    "const c = document.querySelector(arguments[0]); return c && c.textContent",
                                    chip)));
            assertEquals(bob, a.text("return document.querySelector(arguments[0]).title", chip), "who, on hover");
            assertEquals(
                    "false", a.text("return document.querySelector(arguments[0]).getAttribute('aria-pressed')", chip));

            a.click(chip);
            b.waitFor(
                    "alice's too",
                    () -> "🎉2"
                            .equals(b.text(
                                    "const c = document.querySelector(arguments[0] + ' .reaction'); return c && c.textContent",
                                    forBob)));
            a.waitFor(
                    "alice's chip pressed",
                    () -> "true"
                            .equals(a.text(
                                    "return document.querySelector(arguments[0]).getAttribute('aria-pressed')", chip)));

            // A long press (touch has no hover) shows who reacted.
            WebElement el = a.driver().findElement(By.cssSelector(chip));
            new Actions(a.driver())
                    .clickAndHold(el)
                    .pause(Duration.ofMillis(800))
                    .release()
                    .perform();
            a.waitFor(
                    "the names",
                    () -> ("🎉 " + bob + ", you")
                                    .equals(a.text(
                                            "const r = document.querySelector(arguments[0] + ' .reactors'); return r && r.textContent",
                                            forAlice))
                            || ("🎉 you, " + bob)
                                    .equals(a.text(
                                            "const r = document.querySelector(arguments[0] + ' .reactors'); return r && r.textContent",
                                            forAlice)));
            assertEquals(
                    "true",
                    a.text("return document.querySelector(arguments[0]).getAttribute('aria-pressed')", chip),
                    "the long press did not toggle");
            a.screenshot(UiSession.SCREENSHOTS.resolve("reactions-" + width + ".png"));

            a.click(chip);
            b.waitFor(
                    "back to one",
                    () -> "🎉1"
                            .equals(b.text(
                                    "const c = document.querySelector(arguments[0] + ' .reaction'); return c && c.textContent",
                                    forBob)));
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void mentions_count_per_room_and_in_the_title(int width) {
        String alice = unique("mcalice");
        String bob = unique("mcbob");
        try (Browser a = ui.browser(width, 800);
                Browser b = ui.browser(width, 800)) {
            String roomId = ui.twoInARoom(a, alice, b, bob, "Counted");
            b.go(ui.url("#/"));
            UiSession.send(a, "Hello all");
            UiSession.send(a, "@" + bob + " can you check?");
            String badge = ".room-list a[data-room-id='" + roomId + "'] .mention-badge";
            b.waitFor(
                    "the mention counter beside the unread count",
                    () -> "@1"
                            .equals(b.text(
                                    "const e = document.querySelector(arguments[0]); return e && e.textContent",
                                    badge)));
            assertEquals(
                    "2",
                    b.text(
                            "return document.querySelector(arguments[0]).textContent",
                            ".room-list a[data-room-id='" + roomId + "'] .badge:not(.mention-badge)"));
            assertEquals("(2, 1 @) FriendChat", b.text("return document.title"));
            b.screenshot(UiSession.SCREENSHOTS.resolve("mention-count-" + width + ".png"));
            ui.openRoom(b, roomId);
            b.waitFor("read, and the counters gone", () -> "FriendChat".equals(b.text("return document.title")));
            assertTrue(
                    b.js("return !document.querySelector(arguments[0])", badge).asBoolean());
        }
    }

    @Test
    void the_notification_level_is_stored_for_every_device_and_followed() throws Exception {
        String alice = unique("nlalice");
        String bob = unique("nlbob");
        ApiClient aliceApi = ui.server.client().signup(alice);
        ApiClient bobApi = ui.server.client().signup(bob);
        try (Browser b = ui.browser(1280, 800);
                SocketClient aliceSocket = SocketClient.withToken(ui.server, aliceApi.sessionToken())
                        .awaitConnected()) {
            UiSession.recordNotifications(b);
            ui.allowNotifications(b);
            String roomId = UiSession.roomOver(aliceApi, "Quiet", bob);
            UiSession.logIn(b, ui.url("#/login"), bob);
            b.go(ui.url("#/rooms/" + roomId + "/settings"));
            b.await("#notify-level");
            assertEquals("all", b.text("return document.querySelector('#notify-level').value"));
            b.script("const s = document.querySelector('#notify-level'); s.value = 'mentions';"
                    + " s.dispatchEvent(new Event('change'));");
            b.waitFor(
                    "saved",
                    () -> b.text("return document.querySelector('.saved')?.textContent || ''")
                            .contains("Saved."));
            assertEquals(
                    "mentions",
                    bobApi.get("/api/rooms/" + roomId).json().at("/room/notify").asText(),
                    "stored on the membership: another device sees it");

            b.go(ui.url("#/"));
            UiSession.sendOver(aliceSocket, roomId, "Not for bob's ears");
            UiSession.sendOver(aliceSocket, roomId, "@" + bob + " this one is");
            b.waitFor(
                    "the mention's notification",
                    () -> b.js("return window.__shown.length").asInt() >= 1);
            assertEquals(
                    List.of(alice + " mentioned you in Quiet: @" + bob + " this one is"),
                    Browser.strings(b.js("return window.__shown.map(n => n.title + ': ' + n.body)")));
        }
    }

    /** What a room shows, message by message: the same on every browser that is in sync. */
    private static JsonNode snapshot(Browser b) {
        return b.js("return [...document.querySelectorAll('.messages li.message:not(.pending)')].map(li => ({"
                + " seq: li.dataset.seq, body: li.querySelector('.body').textContent,"
                + " edited: !!li.querySelector('.edited'), deleted: li.classList.contains('deleted'),"
                + " quote: li.querySelector('.quote')?.textContent || null,"
                + " reactions: [...li.querySelectorAll('.reaction')].map(r => r.textContent) }))");
    }

    @Test
    void a_browser_offline_during_changes_shows_the_same_room_after_reconnecting() throws Exception {
        String alice = unique("ofalice");
        String bob = unique("ofbob");
        ApiClient aliceApi = ui.server.client().signup(alice);
        try (Browser a = ui.browser(1280, 800);
                Browser b = ui.browser(1280, 800)) {
            UiSession.logIn(a, ui.url("#/login"), alice);
            ui.signUp(b, bob);
            String roomId = UiSession.roomOver(aliceApi, "Offline", bob);
            ui.openRoom(a, roomId);
            ui.openRoom(b, roomId);
            for (String text : List.of("One to edit", "One to delete", "One to react to", "One to quote")) {
                UiSession.send(a, text);
            }
            b.waitFor("all four", () -> UiSession.bodies(b).contains("One to quote"));

            b.offline(true);
            b.waitFor(
                    "bob's browser to know it is offline",
                    () -> b.js("return document.querySelector('.conn').textContent === 'Reconnecting…'")
                            .asBoolean());
            action(a, item(a, "One to edit"), "Edit");
            a.script("document.querySelector('#composer').value = ''");
            a.type("#composer", "One edited while bob was away" + Browser.ENTER);
            action(a, item(a, "One to delete"), "Delete");
            a.press("Yes, delete");
            String react = item(a, "One to react to");
            action(a, react, "React");
            a.click(react + " .emoji-picker button[aria-label='React with 👍']");
            action(a, item(a, "One to quote"), "Reply");
            UiSession.send(a, "A reply while bob was away");
            a.waitFor(
                    "alice's changes done",
                    () -> a.js("return document.querySelectorAll('.messages .reaction').length === 1"
                                            + " && document.querySelectorAll('.messages .message.deleted').length === 1"
                                            + " && !!document.querySelector('.messages .edited')")
                                    .asBoolean()
                            && UiSession.bodies(a).contains("A reply while bob was away"));
            assertFalse(UiSession.bodies(b).contains("One edited while bob was away"), "bob really was offline");

            b.offline(false);
            b.waitFor(
                    "bob's browser to show the room as alice's does",
                    Duration.ofSeconds(15),
                    () -> snapshot(b).equals(snapshot(a)));
            JsonNode room = snapshot(b);
            assertTrue(room.toString().contains("One edited while bob was away"), room.toString());
            assertTrue(room.toString().contains("message deleted"), room.toString());
            assertTrue(room.toString().contains("👍1"), room.toString());

            // A page loaded afresh agrees with both.
            b.driver().navigate().refresh();
            UiSession.awaitComposer(b);
            b.waitFor(
                    "the reloaded page to show the same room", () -> snapshot(b).equals(snapshot(a)));
        }
    }
}
