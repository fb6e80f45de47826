package io.friendchat.server.ui;

import static io.friendchat.server.ui.UiSession.hasText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Keys;

/**
 * People found through GET /api/users in Chromium: the composer's @-list shows the room's members
 * first, then others marked "not in this room"; mentioning one of those offers the room's owner
 * to add them, and tells a plain member they will not be notified. The room form and the member
 * settings suggest people from the same lookup.
 */
class MentionOutsidersInBrowserTest extends BrowserTest {

    private static int counter;

    private static String unique(String name) {
        return name + (++counter);
    }

    private static final String OPTIONS = "[...document.querySelectorAll('#mention-list .mention-option')]";

    /** Waits until `username` is offered in the @-list, then picks it: keys on a desktop, a tap on a phone. */
    private static void pick(Browser b, String username, int width) {
        String option = "#mention-list .mention-option[data-username='" + username + "']";
        b.await(option);
        int index = b.js("return " + OPTIONS + ".findIndex(o => o.dataset.username === arguments[0])", username)
                .asInt();
        if (width < 1024) {
            b.tap(option);
            return;
        }
        for (int i = 0; i < index; i++) {
            b.type("#composer", Keys.ARROW_DOWN.toString());
        }
        assertEquals(
                username,
                b.text("return document.getElementById(document.querySelector('#composer')"
                        + ".getAttribute('aria-activedescendant')).dataset.username"));
        b.type("#composer", Browser.ENTER);
    }

    /**
     * A new person signs up in {@code b} and opens a room that {@code owner} made for them over the
     * API; {@code outsider} has an account but is not in the room.
     */
    private static void memberOfARoom(Browser b, String owner, String outsider) {
        ApiClient api = ApiClient.at(ui.server.baseUrl()).signup(owner);
        ApiClient.at(ui.server.baseUrl()).signup(outsider);
        String member = unique("ocbob");
        ui.signUp(b, member);
        ui.openRoom(b, UiSession.roomOver(api, unique("Room "), member));
    }

    private static boolean promptShown(Browser b) {
        return b.js("const p = document.querySelector('.outsider'); return !!p && !p.hidden")
                .asBoolean();
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void an_owner_mentions_someone_outside_the_room_and_adds_them(int width) {
        String ann = unique("ocann");
        String dan = unique("dan");
        String dave = unique("dave");
        String roomName = unique("Picnic ");
        ApiClient.at(ui.server.baseUrl()).signup(dan);
        try (Browser a = ui.browser(width, 800);
                Browser d = ui.browser(width, 800)) {
            ui.signUp(d, dave);
            ui.signUp(a, ann);
            ui.createRoom(a, roomName, dan);
            UiSession.awaitComposer(a);

            a.type("#composer", "Bring snacks @da");
            a.await("#mention-list .mention-option.outside[data-username='" + dave + "']");
            List<String> outside =
                    Browser.strings(a.js("return " + OPTIONS + ".map(o => o.classList.contains('outside')"
                            + " ? 'outside ' + o.dataset.username : 'member ' + o.dataset.username)"));
            assertEquals("member " + dan, outside.get(0), "the member who matches comes first: " + outside);
            assertTrue(outside.contains("outside " + dave), "dave is offered as not in the room: " + outside);
            assertTrue(
                    hasText(a, "#mention-list .mention-option.outside .mention-outside", "not in this room"),
                    "people outside the room say so");
            assertEquals("listbox", a.text("return document.querySelector('#mention-list').getAttribute('role')"));
            a.screenshot(UiSession.SCREENSHOTS.resolve("mention-people-" + width + ".png"));

            pick(a, dave, width);
            assertEquals("Bring snacks @" + dave + " ", a.text("return document.querySelector('#composer').value"));
            assertEquals("composer", a.text("return document.activeElement.id"), "the composer keeps the focus");
            a.waitFor("the prompt", () -> promptShown(a));
            assertEquals(
                    dave + " is not in this room. Add them?",
                    a.text("return document.querySelector('.outsider-text').textContent"));
            a.screenshot(UiSession.SCREENSHOTS.resolve("mention-outsider-" + width + ".png"));
            assertEquals(
                    0,
                    a.js("return [...document.querySelectorAll('.outsider button')].map(e => e.getBoundingClientRect())"
                                    + ".filter(r => r.width < 44 || r.height < 44).length")
                            .asInt(),
                    "Add and Dismiss are 44 px touch targets");

            a.press("Add");
            a.waitFor("the prompt to close once dave is added", () -> !promptShown(a));
            a.waitFor("dave in the member list", () -> hasText(a, ".member-list .member-name", dave));
            a.waitFor("the system message that says so", () -> hasText(a, ".messages .system", "added " + dave));
            d.waitFor("the room in dave's list, live", () -> hasText(d, ".room-list .row-name", roomName));

            UiSession.send(a, "");
            a.waitFor("the message with the mention", () -> UiSession.bodies(a).contains("Bring snacks @" + dave));
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void a_plain_member_is_told_the_person_outside_will_not_be_notified(int width) {
        String owner = unique("zora");
        String zoe = unique("zoe");
        try (Browser b = ui.browser(width, 800)) {
            memberOfARoom(b, owner, zoe);

            b.type("#composer", "Ask @zo");
            b.await("#mention-list .mention-option[data-username='" + owner + "']:not(.outside)");
            pick(b, zoe, width);
            b.waitFor("the prompt", () -> promptShown(b));
            assertEquals(
                    zoe + " is not in this room and won’t be notified.",
                    b.text("return document.querySelector('.outsider-text').textContent"));
            assertFalse(
                    b.js("return [...document.querySelectorAll('.outsider button')].some(x => x.textContent === 'Add'"
                                    + " && x.getClientRects().length)")
                            .asBoolean(),
                    "no Add for a plain member");
            b.press("Dismiss");
            b.waitFor("the prompt to close", () -> !promptShown(b));
            assertEquals("composer", b.text("return document.activeElement.id"), "back in the composer");
        }
    }

    @Test
    void a_refused_search_keeps_the_members_and_asks_again_once_allowed() {
        String owner = unique("yuri");
        String yves = unique("yves");
        try (Browser b = ui.browser(1280, 800)) {
            memberOfARoom(b, owner, yves);
            // The budget is spent and "@y" typed in one go inside the page: the composer asks 200 ms
            // later, well before the server has a token again (2 a second), so it is refused.
            List<String> statuses = Browser.strings(b.js("performance.clearResourceTimings();"
                    + " return Promise.all(Array.from({length: 12}, () => fetch('/api/users?q=x'))).then(rs => {"
                    + " const c = document.querySelector('#composer'); c.focus(); c.value = 'Ask @y';"
                    + " c.setSelectionRange(6, 6); c.dispatchEvent(new Event('input', {bubbles: true}));"
                    + " return rs.map(r => String(r.status)); })"));
            assertTrue(statuses.contains("429"), "the search budget is used up: " + statuses);

            b.waitFor("the composer's search refused", () -> searches(b).contains("y 429"));
            assertTrue(
                    b.js("return !document.querySelector('#mention-list').hidden")
                                    .asBoolean()
                            && hasText(b, "#mention-list .mention-option:not(.outside)", "@" + owner),
                    "the members stay listed");
            assertTrue(
                    b.js("return document.querySelector('.send-error').hidden").asBoolean(), "no error shown");
            b.await("#mention-list .mention-option.outside[data-username='" + yves + "']");
            List<String> asked = searches(b);
            assertEquals(List.of("y 429", "y 200"), asked, "asked once more, after Retry-After");
            assertTrue(
                    b.js(
                                    "const e = performance.getEntriesByType('resource').filter(r => r.name.includes('/api/users?q=y'));"
                                            + " return e.length === 2 && e[1].startTime >= e[0].responseEnd")
                            .asBoolean(),
                    "one request at a time");
        }
    }

    /** The composer's searches as the page made them: query and status, in order (the budget-spending ones left out). */
    private static List<String> searches(Browser b) {
        return Browser.strings(b.js("return performance.getEntriesByType('resource')"
                + ".filter(r => r.name.includes('/api/users?q=') && !r.name.endsWith('q=x'))"
                + ".map(r => new URL(r.name).searchParams.get('q') + ' ' + r.responseStatus)"));
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void the_room_form_and_the_member_settings_suggest_people(int width) {
        String cat = unique("occat");
        String fay = unique("fay");
        String finn = unique("finn");
        ApiClient.at(ui.server.baseUrl()).signup(fay);
        ApiClient.at(ui.server.baseUrl()).signup(finn);
        try (Browser c = ui.browser(width, 800)) {
            ui.signUp(c, cat);
            c.go(ui.url("#/rooms/new"));
            c.fill("Add friends by username", "F");
            c.waitFor("fay and finn suggested", () -> suggested(c).containsAll(List.of(fay, finn)));

            String roomId = ui.createRoom(c, unique("Choir "), fay);
            c.go(ui.url("#/rooms/" + roomId + "/settings"));
            c.fill("Add members", "f");
            c.waitFor("finn suggested", () -> suggested(c).contains(finn));
            assertFalse(suggested(c).contains(fay), "a member is not suggested again");
        }
    }

    /** The usernames the visible username field's list offers. */
    private static List<String> suggested(Browser b) {
        return Browser.strings(
                b.js("const i = [...document.querySelectorAll('input[list]')].find(e => e.getClientRects().length);"
                        + " return i ? [...i.list.options].map(o => o.value) : []"));
    }
}
