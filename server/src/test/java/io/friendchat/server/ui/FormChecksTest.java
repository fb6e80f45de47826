package io.friendchat.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.testing.ApiClient;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forms check every field before sending and show every mistake at once; the login lock says
 * when to try again; the composer counts characters near the limit and never cuts a message;
 * adding a member twice, removing one and leaving a room say the right thing and ask first;
 * members are listed by role. On a 375 px phone and a 1280 px desktop.
 */
class FormChecksTest extends BrowserTest {
    private static List<String> errors(Browser b) {
        return Browser.strings(b.js("return [...document.querySelectorAll('.field-error, .form-error')]"
                + ".filter(e => !e.hidden).map(e => e.textContent)"));
    }

    /** The labels of the fields marked invalid, in page order. */
    private static List<String> invalid(Browser b) {
        return Browser.strings(b.js("return [...document.querySelectorAll('[aria-invalid=true]')]"
                + ".map(e => document.querySelector('label[for=\"' + e.id + '\"]').textContent)"));
    }

    /** How many requests this page has sent to an API path. */
    private static int sent(Browser b, String path) {
        return b.js(
                        "return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname"
                                + " === arguments[0]).length",
                        path)
                .asInt();
    }

    private static int members(ApiClient member, String roomId) {
        return member.get("/api/rooms/" + roomId).json().at("/room/members").size();
    }

    private static String activeLabel(Browser b) {
        return b.text(
                "const a = document.activeElement;"
                        + " const l = a && a.id && document.querySelector('label[for=\"' + a.id + '\"]'); return l ? l.textContent : null;");
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void sign_up_and_log_in_show_every_mistake_at_once_before_sending(int width) {
        String locked = "locked" + width;
        ApiClient victim = ui.server.client().signup(locked);
        try (Browser b = ui.browser(width, 800)) {
            b.go(ui.url("#/signup"));
            b.press("Create account");
            b.waitFor("the errors", () -> errors(b).size() == 3);
            assertEquals(
                    List.of("Choose a username.", "Enter your email address.", "Choose a password."),
                    errors(b),
                    "every empty required field at once");
            assertEquals(List.of("Username", "Email", "Password"), invalid(b));
            assertEquals("Username", activeLabel(b), "the first field at fault has the focus");
            assertEquals(0, sent(b, "/api/auth/signup"), "nothing was sent");

            b.fill("Username", "x!");
            b.fill("Email", "not an address");
            b.fill("Display name (optional)", "D".repeat(65));
            b.fill("Password", "short");
            b.press("Create account");
            b.waitFor("the new errors", () -> errors(b).size() == 4);
            assertEquals(
                    List.of(
                            "A username has 3 to 32 letters, digits, “_”, “-” or “.”.",
                            "An email address has no spaces.",
                            "A display name has at most 64 characters.",
                            "A password has at least 8 characters; this one has 5."),
                    errors(b));
            assertEquals(0, sent(b, "/api/auth/signup"), "still nothing sent");
            b.screenshot(UiSession.SCREENSHOTS.resolve("signup-errors-" + width + ".png"));

            b.go(ui.url("#/login"));
            b.press("Log in");
            b.waitFor("the login errors", () -> errors(b).size() == 2);
            assertEquals(List.of("Enter your username or email.", "Enter your password."), errors(b));
            assertEquals(0, sent(b, "/api/auth/login"), "an empty login is not sent");

            // Ten wrong passwords lock the account for a while; the message says how long.
            for (int i = 0; i < 10; i++) {
                victim.post("/api/auth/login", "{\"login\":\"" + locked + "\",\"password\":\"wrong " + i + "\"}");
            }
            b.fill("Username or email", locked);
            b.fill("Password", ApiClient.password(locked));
            b.press("Log in");
            b.waitFor("the lock message", () -> !errors(b).isEmpty());
            String lock = errors(b).get(0);
            assertTrue(
                    lock.matches(
                            "Too many failed logins for this account\\. Try again in 1[45] minutes \\(at \\d\\d:\\d\\d( [AP]M)?\\)\\."),
                    "says when to try again: " + lock);
            b.screenshot(UiSession.SCREENSHOTS.resolve("login-locked-" + width + ".png"));
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void the_composer_counts_near_the_limit_and_never_cuts_a_message(int width) {
        try (Browser b = ui.browser(width, 800)) {
            ui.signUp(b, "long" + width);
            ui.createRoom(b, "Long reads");
            UiSession.awaitComposer(b);
            String counter =
                    "const c = document.querySelector('.composer-count'); return c.hidden ? null : c.textContent;";
            UiSession.send(b, "short");
            b.waitFor("the short message confirmed", () -> UiSession.bodies(b).contains("short"));
            assertEquals(null, b.text(counter), "no counter far from the limit");

            // A paste of 4,100 characters: kept whole, counted, and not sent.
            b.script(
                    "const c = document.querySelector('#composer'); c.value = arguments[0];"
                            + " c.dispatchEvent(new Event('input', { bubbles: true }));",
                    "x".repeat(4100));
            assertEquals("4,100 / 4,000: 100 too many. Shorten it to send.", b.text(counter));
            b.type("#composer", Browser.ENTER);
            assertEquals(
                    4100,
                    b.js("return document.querySelector('#composer').value.length")
                            .asInt(),
                    "not cut");
            assertEquals(
                    0,
                    b.js("return document.querySelectorAll('.messages .pending').length")
                            .asInt(),
                    "not sent");
            assertEquals("true", b.text("return document.querySelector('#composer').getAttribute('aria-invalid')"));
            b.screenshot(UiSession.SCREENSHOTS.resolve("composer-over-" + width + ".png"));

            b.script("const c = document.querySelector('#composer'); c.value = c.value.slice(0, 3990);"
                    + " c.dispatchEvent(new Event('input', { bubbles: true }));");
            assertEquals("3,990 / 4,000", b.text(counter));
            b.type("#composer", Browser.ENTER);
            b.waitFor("the long message, whole", () -> UiSession.bodies(b).contains("x".repeat(3990)));
            assertEquals(null, b.text(counter), "the counter goes with the text");
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {375, 1280})
    void members_are_sorted_added_once_and_removed_or_left_only_when_confirmed(int width) {
        String owner = "own" + width;
        String[] others = {"zed" + width, "amy" + width, "bo" + width};
        ApiClient[] clients = new ApiClient[others.length];
        for (int i = 0; i < others.length; i++) {
            clients[i] = ui.server.client().signup(others[i]);
        }
        try (Browser b = ui.browser(width, 800)) {
            ui.signUp(b, owner);
            String roomId = ui.createRoom(b, "Crew", others);
            String zedId = clients[0].userId();
            // zed becomes an admin through the owner's page session.
            b.js(
                    "return fetch('/api/rooms/' + arguments[0] + '/members/' + arguments[1], { method: 'PATCH',"
                            + " headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'admin' }) })"
                            + ".then(r => r.status)",
                    roomId,
                    zedId);
            b.go(ui.url("#/rooms/" + roomId + "/settings"));
            b.await(".member-rows .member-row");
            assertEquals(
                    List.of(owner + " (you)", "zed" + width, "amy" + width, "bo" + width),
                    Browser.strings(b.js("return [...document.querySelectorAll('.member-rows .member-name')]"
                            + ".map(e => e.textContent)")),
                    "owner, then admins, then members, each by name");

            b.fill("Add members", "amy" + width);
            b.press("Add members");
            b.waitFor("the already-a-member message", () -> !errors(b).isEmpty());
            assertEquals(List.of("“amy" + width + "” is already a member."), errors(b));

            // Remove asks first; Cancel keeps everyone.
            String removeBo = "[aria-label='Remove bo" + width + "']";
            b.click(removeBo);
            b.await(".member-row .confirm:not([hidden])");
            assertTrue(b.text("return document.querySelector('.member-row .confirm:not([hidden]) p').textContent")
                    .startsWith("Remove bo" + width + " from “Crew”?"));
            b.screenshot(UiSession.SCREENSHOTS.resolve("confirm-remove-" + width + ".png"));
            b.press("Cancel");
            assertEquals(
                    "Remove bo" + width,
                    b.text("return document.activeElement.getAttribute('aria-label')"),
                    "focus goes back to the button");
            assertEquals(4, members(clients[0], roomId));
            b.click(removeBo);
            b.press("Yes, remove");
            b.waitFor(
                    "bo to be gone",
                    () -> b.js("return !document.querySelector(arguments[0])", removeBo)
                            .asBoolean());
            assertEquals(3, members(clients[0], roomId));

            // Leaving asks too (amy's own page).
            try (Browser amy = ui.browser(width, 800)) {
                UiSession.logIn(amy, ui.url("#/login"), "amy" + width);
                amy.go(ui.url("#/rooms/" + roomId + "/settings"));
                amy.press("Leave room");
                amy.await(".confirm:not([hidden])");
                assertEquals(
                        "Yes, leave",
                        amy.text("return document.activeElement.textContent"),
                        "the confirm button has the focus");
                assertEquals(3, members(clients[0], roomId), "nothing happened on one click");
                amy.press("Yes, leave");
                amy.waitFor(
                        "amy back on her room list",
                        () -> amy.text("return location.hash").equals("#/"));
                assertEquals(2, members(clients[0], roomId));
            }
        }
    }
}
