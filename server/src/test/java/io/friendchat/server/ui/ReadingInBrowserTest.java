package io.friendchat.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.SocketClient;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a room in Chromium: Markdown built as elements (raw HTML stays text), a room that
 * opens at the first unread message and moves the read marker only as messages come into view,
 * a view that stays put while others write, and @-mentions suggested and highlighted.
 */
class ReadingInBrowserTest extends BrowserTest {

    private static int counter;

    private static String unique(String name) {
        return name + (++counter);
    }

    /** The signed-in user's dashboard row for a room, from the API as the page's session sees it. */
    private static JsonNode row(Browser b, String roomId) {
        return b.js(
                "return fetch('/api/rooms').then(r => r.json()).then(j => j.rooms.find(r => r.id === arguments[0]))",
                roomId);
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void markdown_shows_as_formatting_and_raw_html_stays_text(int width) throws Exception {
        String alice = unique("mdalice");
        String bob = unique("mdbob");
        try (Browser a = ui.browser(width, 800);
                Browser b = ui.browser(width, 800)) {
            String roomId = ui.twoInARoom(a, alice, b, bob, "Markdown");
            UiSession.send(
                    a,
                    "**bold** _italic_ ~~gone~~ `x < y` [site](https://example.com/a) [bad](javascript:alert(1))"
                            + " <img src=x onerror=alert(1)> <b>not bold</b>");
            a.type(
                    "#composer",
                    "> quoted" + Browser.SHIFT + Browser.ENTER + Browser.ENTER + Browser.RELEASE + "```"
                            + Browser.SHIFT + Browser.ENTER + Browser.RELEASE + "let a = '<i>';" + Browser.SHIFT
                            + Browser.ENTER + Browser.RELEASE + "```" + Browser.ENTER);
            b.waitFor(
                    "both messages",
                    () -> b.js("return document.querySelectorAll('.messages .message pre code').length === 1")
                            .asBoolean());
            JsonNode seen = b.js("const body = document.querySelector('.messages .message .body');"
                    + " const a = body.querySelector('a');"
                    + " return {strong: body.querySelector('strong')?.textContent,"
                    + " em: body.querySelector('em')?.textContent, del: body.querySelector('del')?.textContent,"
                    + " code: body.querySelector('code')?.textContent, href: a.href, target: a.target,"
                    + " rel: a.rel, links: body.querySelectorAll('a').length,"
                    + " elements: [...body.querySelectorAll('*')].map(e => e.tagName).join(),"
                    + " text: body.textContent}");
            assertEquals("bold", seen.get("strong").asText());
            assertEquals("italic", seen.get("em").asText());
            assertEquals("gone", seen.get("del").asText());
            assertEquals("x < y", seen.get("code").asText());
            assertEquals("https://example.com/a", seen.get("href").asText());
            assertEquals("_blank", seen.get("target").asText());
            assertEquals("noopener noreferrer", seen.get("rel").asText());
            assertEquals(1, seen.get("links").asInt(), "a javascript: link is not a link: " + seen);
            assertEquals("P,STRONG,EM,DEL,CODE,A", seen.get("elements").asText(), "no element from the raw HTML");
            assertTrue(seen.get("text").asText().contains("[bad](javascript:alert(1))"), seen.toString());
            assertTrue(
                    seen.get("text").asText().contains("<img src=x onerror=alert(1)> <b>not bold</b>"),
                    seen.toString());
            assertEquals(
                    List.of("quoted", "let a = '<i>';"),
                    Browser.strings(
                            b.js("const body = [...document.querySelectorAll('.messages .message .body')].pop();"
                                    + " return [body.querySelector('blockquote').textContent.trim(),"
                                    + " body.querySelector('pre code').textContent.trim()]")));
            assertTrue(b.js("return !document.querySelector('.messages img, .messages b, .messages i')")
                    .asBoolean());
            b.screenshot(UiSession.SCREENSHOTS.resolve("markdown-" + width + ".png"));
            assertEquals(roomId, b.text("return decodeURIComponent(location.hash.split('/')[2])"));
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void a_room_opens_at_the_first_unread_and_marks_only_what_is_seen(int width) throws Exception {
        String alice = unique("unalice");
        String bob = unique("unbob");
        ApiClient aliceApi = ui.server.client().signup(alice);
        try (Browser b = ui.browser(width, 800);
                SocketClient aliceSocket = SocketClient.withToken(ui.server, aliceApi.sessionToken())
                        .awaitConnected()) {
            ui.signUp(b, bob);
            String roomId = UiSession.roomOver(aliceApi, "Long read", bob);
            UiSession.sendOver(aliceSocket, roomId, "Read before");
            ui.openRoom(b, roomId);
            b.waitFor(
                    "the first message, read",
                    () -> UiSession.bodies(b).contains("Read before")
                            && row(b, roomId).get("unread").asInt() == 0);
            b.go(ui.url("#/"));
            for (int i = 1; i <= 18; i++) {
                UiSession.sendOver(aliceSocket, roomId, "Unread " + i + "\nwith a second line");
            }
            b.waitFor(
                    "18 unread on the dashboard",
                    () -> row(b, roomId).get("unread").asInt() == 18);

            ui.openRoom(b, roomId);
            b.await(".new-messages");
            assertEquals(
                    "Unread 1",
                    b.text("const d = document.querySelector('.new-messages');"
                            + " return d.nextElementSibling.querySelector('.body').textContent.split('\\n')[0]"),
                    "the line sits just above the first unread message");
            JsonNode at = b.js("const s = document.querySelector('.scroller').getBoundingClientRect();"
                    + " const d = document.querySelector('.new-messages').getBoundingClientRect();"
                    + " return {offset: d.top - s.top, height: s.height}");
            assertTrue(
                    at.get("offset").asDouble() >= 0 && at.get("offset").asDouble() < 40,
                    "the room opens with the line at the top: " + at);
            b.await(".jump-latest");
            b.waitFor(
                    "what is on screen to count as read",
                    () -> row(b, roomId).get("lastReadSeq").asInt() > 2);
            JsonNode partly = row(b, roomId);
            assertTrue(
                    partly.get("unread").asInt() > 0,
                    "messages below the screen are still unread after opening: " + partly);

            b.click(".jump-latest");
            b.waitFor(
                    "all read once the latest is in view",
                    () -> row(b, roomId).get("unread").asInt() == 0);
            b.waitFor(
                    "the button to go at the bottom",
                    () -> b.js("return document.querySelector('.jump-latest').hidden")
                            .asBoolean());

            // Reading history while others write: the message at the top stays where it is.
            b.script("const s = document.querySelector('.scroller'); s.scrollTop = s.scrollHeight / 3;");
            b.await(".jump-latest");
            String anchor = b.text("const s = document.querySelector('.scroller').getBoundingClientRect();"
                    + " const li = [...document.querySelectorAll('.messages li[data-seq]')]"
                    + ".find(e => e.getBoundingClientRect().top >= s.top);"
                    + " return li.dataset.seq + ':' + Math.round(li.getBoundingClientRect().top)");
            String seq = anchor.split(":")[0];
            for (int i = 1; i <= 3; i++) {
                UiSession.sendOver(aliceSocket, roomId, "While you read " + i);
            }
            b.waitFor("the three new messages", () -> UiSession.bodies(b).contains("While you read 3"));
            assertEquals(
                    anchor,
                    b.text(
                            "const li = document.querySelector('.messages li[data-seq=\"' + arguments[0] + '\"]');"
                                    + " return li.dataset.seq + ':' + Math.round(li.getBoundingClientRect().top)",
                            seq),
                    "the view did not move");
            assertTrue(row(b, roomId).get("unread").asInt() >= 3, "new messages out of view stay unread");
            b.screenshot(UiSession.SCREENSHOTS.resolve("new-messages-" + width + ".png"));
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void at_suggests_members_and_mentions_are_highlighted(int width) {
        String alice = unique("atalice");
        String bob = unique("atbob");
        try (Browser a = ui.browser(width, 800);
                Browser b = ui.browser(width, 800)) {
            ui.twoInARoom(a, alice, b, bob, "Mentions");

            // Keyboard: the suggestion list follows what is typed; Enter picks.
            a.type("#composer", "Hey @" + bob.substring(0, 3));
            a.await("#mention-list .mention-option");
            assertEquals(
                    List.of(bob),
                    Browser.strings(a.js("return [...document.querySelectorAll('#mention-list .mention-option')]"
                            + ".map(o => o.dataset.username)")),
                    "only members whose name starts so, and never oneself");
            assertEquals("true", a.text("return document.querySelector('#composer').getAttribute('aria-expanded')"));
            a.type("#composer", Browser.ENTER);
            assertEquals("Hey @" + bob + " ", a.text("return document.querySelector('#composer').value"));
            assertTrue(a.js("return document.querySelector('#mention-list').hidden")
                    .asBoolean());
            a.type("#composer", "look at this" + Browser.ENTER);

            b.waitFor(
                    "the mention, strongly, for bob",
                    () -> ("@" + bob)
                            .equals(
                                    b.text(
                                            "const m = document.querySelector('.messages .mention.mention-me'); return m && m.textContent")));
            a.waitFor(
                    "the mention, plainly, for alice",
                    () -> a.js("const m = document.querySelector('.messages .message:not(.pending) .mention');"
                                    + " return !!m && !m.classList.contains('mention-me')")
                            .asBoolean());

            // A tap (on the phone) or a click picks a suggestion, and the composer keeps the focus.
            b.type("#composer", "Thanks @" + alice.substring(0, 4));
            b.await("#mention-list .mention-option");
            if (width < 1024) {
                b.tap("#mention-list .mention-option");
            } else {
                b.click("#mention-list .mention-option");
            }
            assertEquals("Thanks @" + alice + " ", b.text("return document.querySelector('#composer').value"));
            assertEquals("composer", b.text("return document.activeElement.id"));
            b.screenshot(UiSession.SCREENSHOTS.resolve("mention-" + width + ".png"));
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void notifications_are_asked_for_only_from_the_prompt(int width) {
        String carol = unique("ntcarol");
        String dave = unique("ntdave");
        try (Browser c = ui.browser(width, 800);
                Browser d = ui.browser(width, 800)) {
            UiSession.recordNotifications(c);
            ui.signUp(c, carol);
            c.await(".notify-prompt");
            assertEquals(0, c.js("return window.__asked").asInt(), "nothing is asked on page load");
            c.screenshot(UiSession.SCREENSHOTS.resolve("notify-prompt-" + width + ".png"));
            c.press("Turn on notifications");
            c.waitFor(
                    "the browser to be asked once",
                    () -> c.js("return window.__asked").asInt() == 1);
            // Headless Chromium answers at once (it has nobody to ask); once answered the prompt goes.
            c.waitFor("the prompt to go once the browser answered", () -> promptHidden(c));

            ui.signUp(d, dave);
            d.press("Not now");
            d.waitFor("the prompt to go", () -> promptHidden(d));
            d.go(ui.url("#/"));
            d.driver().navigate().refresh();
            d.await(".shell .sidebar-head");
            assertTrue(promptHidden(d), "'Not now' holds on this device");
            assertEquals("default", d.text("return Notification.permission"), "and the browser was never asked");
        }
    }

    private static boolean promptHidden(Browser b) {
        return b.js("const p = document.querySelector('.notify-prompt'); return !p || p.hidden")
                .asBoolean();
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void notifications_come_for_rooms_out_of_view_and_never_for_own_messages(int width) throws Exception {
        String alice = unique("nfalice");
        String bob = unique("nfbob");
        ApiClient aliceApi = ui.server.client().signup(alice);
        ApiClient bobApi = ui.server.client().signup(bob);
        try (Browser b = ui.browser(width, 800);
                SocketClient aliceSocket = SocketClient.withToken(ui.server, aliceApi.sessionToken())
                        .awaitConnected();
                SocketClient bobPhone =
                        SocketClient.withToken(ui.server, bobApi.sessionToken()).awaitConnected()) {
            UiSession.recordNotifications(b);
            ui.allowNotifications(b);
            String looked = UiSession.roomOver(aliceApi, "Looked at", bob);
            String elsewhere = UiSession.roomOver(aliceApi, "Elsewhere", bob);
            UiSession.logIn(b, ui.url("#/login"), bob);
            assertEquals("granted", b.text("return Notification.permission"));
            assertTrue(
                    b.js("return document.querySelector('.notify-prompt').hidden")
                            .asBoolean(),
                    "no prompt once granted");

            UiSession.sendOver(aliceSocket, elsewhere, "On the dashboard");
            b.waitFor(
                    "a notification for a room not in view",
                    () -> b.js("return window.__shown.length").asInt() == 1);
            ui.openRoom(b, looked);
            UiSession.sendOver(aliceSocket, looked, "In view");
            UiSession.sendOver(bobPhone, elsewhere, "Mine, from my phone");
            b.waitFor(
                    "both messages to reach the page",
                    () -> b.js(
                                    "return document.querySelector('.room-list a[data-room-id=\"' + arguments[0] + '\"]')"
                                            + ".textContent.includes('Mine, from my phone')",
                                    elsewhere)
                            .asBoolean());
            UiSession.sendOver(aliceSocket, elsewhere, "Later elsewhere");
            b.waitFor(
                    "the later notification",
                    () -> b.js("return window.__shown.length").asInt() >= 2);
            assertEquals(
                    List.of(alice + " in Elsewhere: On the dashboard", alice + " in Elsewhere: Later elsewhere"),
                    Browser.strings(b.js("return window.__shown.map(n => n.title + ': ' + n.body)")),
                    "none for the room in view, none for bob's own message");
        }
    }
}
