package io.friendchat.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inline errors from the API's {code, message}, the account menu, and scrolling back through history. */
class FormsAndHistoryTest extends BrowserTest {
    private static String visibleText(Browser b, String css) {
        return b.text(
                "return [...document.querySelectorAll(arguments[0])].filter(e => !e.hidden)"
                        + ".map(e => e.textContent).join(' | ')",
                css);
    }

    @Test
    void forms_show_the_servers_errors_next_to_the_field_at_fault() {
        ui.server.client().signup("taken");
        try (Browser b = ui.browser(375, 667)) {
            b.go(ui.url("#/signup"));
            b.fill("Username", "Taken");
            b.fill("Email", "someone@example.com");
            b.fill("Password", ApiClient.password("someone"));
            b.press("Create account");
            b.waitFor("the username error", () -> visibleText(b, ".field-error").contains("taken"));
            assertEquals(
                    "true",
                    b.text("return document.activeElement.getAttribute('aria-invalid')"),
                    "the field at fault is marked and focused");

            b.fill("Username", "someone");
            b.press("Create account");
            b.await(".shell .sidebar-head");

            b.go(ui.url("#/rooms/new"));
            b.fill("Room name", "Nobody here");
            b.fill("Add friends by username", "no such name!");
            b.press("Add");
            b.waitFor(
                    "the picker to refuse an invalid username",
                    () -> visibleText(b, ".field-error").contains("is not a valid username"));
            b.fill("Add friends by username", "ghost1 ghost2");
            b.press("Add");
            b.press("Create room");
            b.waitFor(
                    "unknown_users, naming them",
                    () -> visibleText(b, ".field-error").contains("ghost1")
                            && visibleText(b, ".field-error").contains("ghost2"));
            assertTrue(b.text("return location.hash").equals("#/rooms/new"), "no room was created");

            b.go(ui.url(""));
            b.click(".account-menu summary");
            b.press("Log out");
            b.await(".landing");
            b.go(ui.url("#/login"));
            b.fill("Username or email", "someone");
            b.fill("Password", "not the password");
            b.press("Log in");
            b.waitFor(
                    "invalid_credentials", () -> !visibleText(b, ".form-error").isEmpty());
            b.fill("Password", ApiClient.password("someone"));
            b.press("Log in");
            b.await(".shell .sidebar-head");
        }
    }

    @Test
    void scrolling_up_loads_older_history_without_gaps_or_duplicates() {
        try (Browser writer = ui.browser(1280, 800);
                Browser reader = ui.browser(1280, 800)) {
            String roomId = ui.twoInARoom(writer, "writer", reader, "reader", "Long history");
            // 80 messages from the writer's page, over its own Socket.IO connection, paced
            // under the send limit (5 per second after a burst of 20).
            writer.js(
                    "return (async () => { const { io } = await import('/vendor/socket.io.esm.min.js');"
                            + " const s = io({ forceNew: true }); await new Promise(r => s.on('connect', r));"
                            + " for (let i = 1; i <= 80; i++) {"
                            + "   for (;;) { const a = await s.emitWithAck('message:send', {roomId: arguments[0],"
                            + "     clientId: 'h' + i, text: 'history ' + i});"
                            + "     if (!a.error) break; await new Promise(r => setTimeout(r, 250)); } }"
                            + " s.disconnect(); return true; })();",
                    roomId);
            // The reader saw them arrive, so all are read: the room opens afresh at the latest
            // page (with unread messages it would open at the first of them, fetching back to it).
            reader.waitFor(
                    "all 80 seen and read",
                    () -> UiSession.bodies(reader).contains("history 80")
                            && reader.js("return !document.querySelector('.room-list .badge')")
                                    .asBoolean());
            reader.go(ui.url("#/"));
            ui.openRoom(reader, roomId);
            reader.waitFor("the latest page", () -> UiSession.bodies(reader).contains("history 80"));
            assertTrue(UiSession.bodies(reader).size() < 80, "only the latest page at first");
            reader.waitFor("everything, by scrolling up", Duration.ofSeconds(20), () -> {
                reader.js("document.querySelector('.scroller').scrollTop = 0;"
                        + " document.querySelector('.scroller').dispatchEvent(new Event('scroll'));");
                return UiSession.bodies(reader).contains("history 1");
            });
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 80; i++) {
                expected.add("history " + i);
            }
            assertEquals(expected, UiSession.bodies(reader));
        }
    }
}
