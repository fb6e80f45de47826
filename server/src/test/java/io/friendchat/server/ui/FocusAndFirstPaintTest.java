package io.friendchat.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.SocketClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * Where keyboard focus goes (opening a room by click or by Enter, and rows of the room list
 * moving as messages arrive), what the first paint says before the room list has arrived, how
 * little a logged-out page loads, and that a reload is served from the browser's cache: on a
 * 375 px phone and a 1280 px desktop. Screenshots go to server/target/screenshots/.
 */
class FocusAndFirstPaintTest extends BrowserTest {
    /**
     * Records, from the first moment of every page in this tab, when the room list first said it
     * was loading, that there were no rooms, and when it first showed a room (page-relative ms).
     */
    private static final String WATCH_ROOM_LIST = "window.__list = { loading: null, empty: null, rows: null };"
            + " new MutationObserver(() => { const now = performance.now(), l = window.__list;"
            + "   if (l.loading === null && document.querySelector('.room-list .loading')) l.loading = now;"
            + "   if (l.empty === null && document.querySelector('.room-list .empty')) l.empty = now;"
            + "   if (l.rows === null && document.querySelector('.room-list .room-row')) l.rows = now;"
            + " }).observe(document, { childList: true, subtree: true, characterData: true });";

    private static final Duration SLOW_ROOMS = Duration.ofMillis(1500);

    private static String active(Browser b) {
        return b.text("const a = document.activeElement;"
                + " return a === document.body ? 'body' : a.id ? '#' + a.id"
                + " : a.dataset.roomId ? 'room:' + a.dataset.roomId : a.tagName.toLowerCase();");
    }

    private static boolean focusRingOn(Browser b, String roomId) {
        return b.js(
                        "const a = document.activeElement; return !!a && a.dataset.roomId === arguments[0]"
                                + " && a.matches(':focus-visible') && a.getClientRects().length > 0;",
                        roomId)
                .asBoolean();
    }

    private static String rowOrder(Browser b) {
        return b.text(
                "return [...document.querySelectorAll('.room-list .room-row')].map(a => a.dataset.roomId).join()");
    }

    private static void tab(Browser b) {
        new Actions(b.driver()).sendKeys(Keys.TAB).perform();
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void opening_a_room_focuses_the_composer_and_arrivals_keep_the_list_focus(int width) throws Exception {
        String ann = "ann" + width;
        String ben = "ben" + width;
        ApiClient benApi = ui.server.client().signup(ben);
        try (Browser b = ui.browser(width, 800);
                SocketClient benSocket =
                        SocketClient.withToken(ui.server, benApi.sessionToken()).awaitConnected()) {
            ui.signUp(b, ann);
            String first = benApi.post("/api/rooms", "{\"name\":\"First\",\"members\":[\"" + ann + "\"]}")
                    .json()
                    .at("/room/id")
                    .asText();
            String second = benApi.post("/api/rooms", "{\"name\":\"Second\",\"members\":[\"" + ann + "\"]}")
                    .json()
                    .at("/room/id")
                    .asText();

            // By click: the composer takes the focus once the room is joined.
            b.go(ui.url("#/"));
            b.click(".room-list a[data-room-id='" + first + "']");
            b.waitFor("the composer to have the focus after a click", () -> "#composer".equals(active(b)));
            UiSession.awaitComposer(b);
            b.type("#composer", "typed at once");
            assertEquals("typed at once", b.text("return document.querySelector('#composer').value"));

            // By keyboard only: Tab from "New room" to the first room, Enter.
            b.go(ui.url("#/"));
            b.await(".room-list .room-row");
            b.script("document.querySelector('.sidebar-head .button').focus()");
            tab(b);
            String top = rowOrder(b).split(",")[0];
            assertEquals("room:" + top, active(b), "Tab reaches the first room");
            new Actions(b.driver()).sendKeys(Keys.ENTER).perform();
            b.waitFor("the composer to have the focus after Enter", () -> "#composer".equals(active(b)));
            assertTrue(b.text("return location.hash").endsWith(top));

            // A focused entry keeps its focus and ring while the list changes around it and under it.
            b.go(ui.url("#/"));
            b.await(".room-list .room-row");
            b.script("document.querySelector('.sidebar-head .button').focus()");
            tab(b);
            tab(b);
            String focused = rowOrder(b).split(",")[1];
            assertTrue(focusRingOn(b, focused), "the second room is focused, with its ring: " + active(b));
            String other = focused.equals(first) ? second : first;
            for (String[] send : new String[][] {{focused, "to the focused room"}, {other, "to the other room"}}) {
                JSONObject ack = benSocket.request(
                        "message:send",
                        new JSONObject()
                                .put("roomId", send[0])
                                .put("clientId", UUID.randomUUID().toString())
                                .put("text", send[1]));
                assertFalse(ack.has("error"), ack.toString());
                b.waitFor(
                        "the message's preview in the list",
                        () -> b.js(
                                        "return [...document.querySelectorAll('.room-list .row-preview')]"
                                                + ".some(p => p.textContent.endsWith(arguments[0]))",
                                        send[1])
                                .asBoolean());
                assertEquals(send[0], rowOrder(b).split(",")[0], "the room with the news went to the top");
                assertTrue(focusRingOn(b, focused), "still focused, with its ring, after a message " + send[1]);
            }
            b.screenshot(UiSession.SCREENSHOTS.resolve("list-focus-" + width + ".png"));

            if (width == 375) {
                // On a touch screen the room's title takes the focus: the composer would pop up
                // the on-screen keyboard over the messages just opened.
                b.cdp("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 1));
                b.driver().navigate().refresh();
                assertTrue(
                        b.js("return matchMedia('(pointer: coarse)').matches").asBoolean(), "a touch screen");
                // (WebDriver clicks hang under touch emulation, so the room opens by its link's address.)
                b.go(ui.url("#/rooms/" + other));
                b.waitFor("the room's title to have the focus", () -> "#room-title".equals(active(b)));
                UiSession.awaitComposer(b);
                assertEquals("#room-title", active(b), "the composer did not take it once joined");
            }
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void the_room_list_says_loading_until_it_arrives_and_never_that_there_are_no_rooms(int width) {
        String withRooms = "has" + width;
        String without = "none" + width;
        ApiClient api = ui.server.client().signup(withRooms);
        api.post("/api/rooms", "{\"name\":\"Ours\",\"members\":[]}");
        try (FaultyLink link = new FaultyLink(ui.server.server().port());
                Browser b = ui.browser(width, 800);
                Browser nobody = ui.browser(width, 800)) {
            link.delay("GET /api/rooms ", SLOW_ROOMS);
            UiSession.logIn(b, link.url("#/login"), withRooms);
            b.await(".shell .room-list .room-row");

            b.cdp("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH_ROOM_LIST));
            b.driver().navigate().refresh();
            b.await(".room-list .loading");
            assertEquals("Loading your rooms…", b.text("return document.querySelector('.room-list').textContent"));
            assertEquals("true", b.text("return document.querySelector('.room-list').getAttribute('aria-busy')"));
            b.screenshot(UiSession.SCREENSHOTS.resolve("first-paint-" + width + ".png"));
            b.waitFor(
                    "the rooms",
                    () -> !b.js("return window.__list.rows === null").asBoolean());
            JsonNode seen = b.js("return window.__list");
            assertTrue(seen.get("empty").isNull(), "a user with rooms was never told there are none: " + seen);
            assertFalse(seen.get("loading").isNull(), "the list said it was loading: " + seen);
            double waited = seen.get("rows").asDouble() - seen.get("loading").asDouble();
            assertTrue(waited > SLOW_ROOMS.toMillis() * 0.8, "the slow answer was waited for: " + seen);

            // Someone with no rooms is told so, but only once the list has come.
            ui.server.client().signup(without);
            nobody.cdp("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH_ROOM_LIST));
            nobody.go(link.url("#/login"));
            nobody.fill("Username or email", without);
            nobody.fill("Password", ApiClient.password(without));
            nobody.press("Log in");
            nobody.await(".room-list .empty");
            JsonNode empty = nobody.js("return window.__list");
            double answered = nobody.js("return performance.getEntriesByType('resource')"
                            + ".filter(e => new URL(e.name).pathname === '/api/rooms').pop().responseEnd")
                    .asDouble();
            assertFalse(empty.get("loading").isNull(), "loading first: " + empty);
            assertTrue(
                    empty.get("empty").asDouble() >= answered,
                    "no rooms said only after the answer at " + answered + " ms: " + empty);
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void a_logged_out_page_loads_only_what_it_needs_logs_no_error_and_reloads_from_the_cache(int width) {
        try (Browser b = ui.browser(width, 800)) {
            b.go(ui.url(""));
            b.await(".landing .actions");
            b.waitFor(
                    "the session check",
                    () -> b.js("return performance.getEntriesByType('resource')"
                                    + ".some(e => e.name.endsWith('/api/auth/session'))")
                            .asBoolean());
            List<String> loaded = Browser.strings(
                    b.js("return performance.getEntriesByType('resource')" + ".map(e => new URL(e.name).pathname)"));
            assertTrue(
                    loaded.stream()
                            .noneMatch(p -> p.contains("socket.io")
                                    || p.endsWith("/chat.js")
                                    || p.endsWith("/shell.js")
                                    || p.contains("/views/room.js")),
                    "no socket client or signed-in screens on the landing page: " + loaded);
            assertTrue(
                    loaded.stream().filter(p -> !p.startsWith("/api/")).allMatch(p -> p.startsWith("/assets/")),
                    "every file from a versioned URL: " + loaded);
            String console = b.console();
            assertFalse(console.contains("SEVERE"), "no error in the console of a logged-out load: " + console);

            b.driver().navigate().refresh();
            b.await(".landing .actions");
            assertEquals(List.of(), fetchedFromServer(b), "a reload fetches no file again");

            ui.signUp(b, "cache" + width);
            b.driver().navigate().refresh();
            b.await(".shell .room-list .empty");
            assertEquals(List.of(), fetchedFromServer(b), "nor does a signed-in reload");
            console = b.console();
            assertFalse(console.contains("SEVERE"), "no error in the console: " + console);
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void the_not_found_page_has_room_to_breathe(int width) {
        try (Browser b = ui.browser(width, 800)) {
            ui.signUp(b, "lost" + width);
            b.go(ui.url("#/no/such/page"));
            b.await(".page h1");
            JsonNode box = b.js(
                    "const h = document.querySelector('.page h1').getBoundingClientRect();"
                            + " const m = document.querySelector('main').getBoundingClientRect(); return [h.left - m.left, h.top - m.top];");
            assertTrue(box.get(0).asDouble() >= 16 && box.get(1).asDouble() >= 16, "padded: " + box);
            assertEquals("Page not found", b.text("return document.querySelector('.page h1').textContent"));
        }
    }

    /** The files (not API calls) of the current page that came over the network rather than from the cache. */
    private static List<String> fetchedFromServer(Browser b) {
        return Browser.strings(b.js("return performance.getEntriesByType('resource')"
                + ".filter(e => e.transferSize > 0 && !new URL(e.name).pathname.startsWith('/api/')"
                + " && !new URL(e.name).pathname.startsWith('/socket.io/')).map(e => new URL(e.name).pathname)"));
    }
}
