package io.friendchat.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layout on a 375 px phone and a 1280 px desktop, and the screenshots that show it
 * (server/target/screenshots/, one of which is committed as docs/screenshot-room.png).
 */
class LayoutAndScreenshotsTest extends BrowserTest {
    private static final String NO_HORIZONTAL_SCROLL =
            "return document.documentElement.scrollWidth <= window.innerWidth"
                    + " && document.body.scrollWidth <= window.innerWidth";

    private static void assertNoHorizontalScroll(Browser b, String where) {
        assertTrue(
                b.js(NO_HORIZONTAL_SCROLL).asBoolean(),
                "horizontal scroll on " + where + ": scrollWidth " + b.js("return document.documentElement.scrollWidth")
                        + " > " + b.js("return window.innerWidth"));
    }

    /** Every visible button, link and form control is at least 44 × 44 px; links inside message text are inline, as WCAG 2.5.8 allows. */
    private static void assertTouchTargets(Browser b, String where) {
        JsonNode small = b.js("return [...document.querySelectorAll('#app button, #app a, #app summary, #app input,"
                + " #app select, #app textarea')].filter(e => e.getClientRects().length && !e.closest('.visually-hidden, .body'))"
                + ".map(e => [e.textContent.trim() || e.getAttribute('aria-label') || e.id, e.getBoundingClientRect()])"
                + ".filter(([, r]) => r.width < 44 || r.height < 44).map(([n, r]) => n + ' ' + Math.round(r.width) + 'x'"
                + " + Math.round(r.height))");
        assertEquals(0, small.size(), "touch targets under 44 px on " + where + ": " + small);
    }

    @Test
    void phone_and_desktop_layouts_fit_and_are_captured() throws Exception {
        try (Browser alice = ui.browser(1280, 800);
                Browser bob = ui.browser(375, 667)) {
            String roomId = ui.twoInARoom(alice, "alice", bob, "bob", "Weekend trip");
            alice.go(ui.url("#/rooms/" + roomId + "/settings"));
            alice.fill("Description", "Where we go, who drives, what we bring");
            alice.press("Save");
            alice.waitFor(
                    "saved", () -> "Saved.".equals(alice.text("return document.querySelector('.saved').textContent")));
            ui.openRoom(alice, roomId);
            UiSession.send(alice, "Morning! Cabin is booked, photos at https://example.com/cabin");
            bob.waitFor("alice's message", () -> UiSession.bodies(bob).size() == 1);
            UiSession.send(bob, "Great! I can drive.");
            UiSession.send(bob, "Leaving at 9?");
            alice.waitFor("bob's two replies", () -> UiSession.bodies(alice).size() == 3);
            UiSession.send(
                    alice,
                    "9 works. I'll bring snacks" + Browser.SHIFT + Browser.ENTER + Browser.RELEASE
                            + "and the board games");
            bob.waitFor("the fourth message", () -> UiSession.bodies(bob).size() == 4);
            // Bob's two messages, a moment apart, are one group: his name once, the time once.
            assertEquals(
                    List.of("message first has-next", "message grouped"),
                    Browser.strings(alice.js("return [...document.querySelectorAll('.messages li.message')]"
                            + ".filter(li => li.querySelector('.body').textContent.match(/drive|Leaving/))"
                            + ".map(li => li.className)")),
                    "grouped");
            assertEquals(
                    List.of("bob"),
                    Browser.strings(alice.js(
                            "return [...document.querySelectorAll('.messages .author')]" + ".map(e => e.textContent)")),
                    "one name per group");
            bob.type("#composer", "Perfect");
            alice.waitFor(
                    "the typing line",
                    () -> !alice.text("return document.querySelector('.typing').textContent")
                            .isEmpty());

            Path shots = UiSession.SCREENSHOTS;
            // Phone: the room is its own screen, with the composer in view.
            assertNoHorizontalScroll(bob, "the room at 375 px");
            JsonNode composer = bob.js("const r = document.querySelector('.composer').getBoundingClientRect();"
                    + " return [r.top, r.bottom, r.left, r.right, window.innerHeight, window.innerWidth];");
            assertTrue(
                    composer.get(0).asDouble() >= 0
                            && composer.get(1).asDouble() <= composer.get(4).asDouble()
                            && composer.get(2).asDouble() >= 0
                            && composer.get(3).asDouble() <= composer.get(5).asDouble(),
                    "the composer is fully visible at 375 px: " + composer);
            assertTrue(
                    bob.js("return !document.querySelector('.sidebar').getClientRects().length")
                            .asBoolean(),
                    "the room list is a separate screen on a phone");
            assertTouchTargets(bob, "the room at 375 px");
            bob.screenshot(shots.resolve("room-375.png"));

            // Desktop: sidebar and room side by side, members listed, bob typing.
            assertTrue(
                    alice.js("return !!document.querySelector('.sidebar').getClientRects().length"
                                    + " && !!document.querySelector('.members-panel').getClientRects().length")
                            .asBoolean(),
                    "sidebar, room and members side by side at 1280 px");
            assertNoHorizontalScroll(alice, "the room at 1280 px");
            alice.screenshot(shots.resolve("room-1280.png"));
            alice.cdp(
                    "Emulation.setEmulatedMedia",
                    java.util.Map.of(
                            "features",
                            java.util.List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
            alice.screenshot(shots.resolve("room-1280-dark.png"));
            alice.cdp("Emulation.setEmulatedMedia", java.util.Map.of("features", java.util.List.of()));

            bob.click(".room-header .back");
            bob.await(".room-list .room-row");
            assertNoHorizontalScroll(bob, "the dashboard at 375 px");
            assertTouchTargets(bob, "the dashboard at 375 px");
            bob.screenshot(shots.resolve("dashboard-375.png"));
            String[][] pages = {
                {"#/rooms/new", "create-room-375.png"},
                {"#/account", "account-375.png"},
                {"#/rooms/" + roomId + "/settings", "settings-375.png"}
            };
            for (String[] page : pages) {
                bob.go(ui.url(page[0]));
                bob.await(".page h1");
                bob.await(".page .panel");
                assertNoHorizontalScroll(bob, page[0] + " at 375 px");
                bob.screenshot(shots.resolve(page[1]));
            }
            bob.go(ui.url(""));
            bob.click(".account-menu summary");
            bob.await(".menu-panel");
            assertNoHorizontalScroll(bob, "the open account menu at 375 px");

            alice.go(ui.url("#/"));
            alice.await(".welcome");
            alice.screenshot(shots.resolve("dashboard-1280.png"));

            for (String name :
                    new String[] {"room-375.png", "dashboard-375.png", "room-1280.png", "dashboard-1280.png"}) {
                assertTrue(Files.size(shots.resolve(name)) > 5_000, name + " was written");
            }
        }
    }
}
