package io.friendchat.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server-admin page in Chromium: only admins reach it, and a deactivation shows in the audit log. */
class AdminPageTest {
    @TempDir
    static Path dataDir;

    static UiSession ui;

    @BeforeAll
    static void startServer() {
        ui = new UiSession(dataDir, Map.of("FRIENDCHAT_ADMINS", "boss"));
    }

    @AfterAll
    static void stopServer() {
        if (ui != null) {
            ui.close();
        }
    }

    private static boolean hasAdminLink(Browser b) {
        return b.js("return !!document.querySelector('.account-menu a[href=\"#/admin\"]')")
                .asBoolean();
    }

    @Test
    void an_admin_deactivates_a_user_who_is_logged_out_at_once_and_sees_it_in_the_audit_log() {
        try (Browser boss = ui.browser(1280, 800);
                Browser mallory = ui.browser(375, 667)) {
            ui.signUp(mallory, "mallory");
            assertFalse(hasAdminLink(mallory), "a non-admin gets no link to the admin page");
            mallory.go(ui.url("#/admin"));
            mallory.waitFor(
                    "the refusal",
                    () -> mallory.text("return document.querySelector('main').textContent")
                            .contains("Only server admins can see this page."));
            mallory.go(ui.url("#/"));
            mallory.await(".shell .sidebar-head");

            ui.signUp(boss, "boss");
            assertTrue(hasAdminLink(boss));
            boss.click(".account-menu summary");
            boss.press("Server admin");
            boss.waitFor(
                    "the user count",
                    () -> "2"
                            .equals(boss.text("const d = document.querySelector('[data-stat=users]');"
                                    + " return d && d.textContent")));
            boss.waitFor(
                    "mallory online in the list",
                    () -> boss.js("const r = document.querySelector('li[data-username=mallory] .flags');"
                                    + " return !!r && r.textContent.includes('online')")
                            .asBoolean());

            boss.fill("Find users by username", "MAL");
            boss.press("Find");
            boss.waitFor(
                    "only mallory listed",
                    () -> boss.js("return [...document.querySelectorAll('.admin-user')].map(e => e.dataset.username)"
                                    + ".join() === 'mallory'")
                            .asBoolean());
            boss.click("button[aria-label='Deactivate mallory']");

            mallory.waitFor(
                    "mallory to be logged out at once", () -> "#/login".equals(mallory.text("return location.hash")));
            boss.waitFor(
                    "the deactivation in the audit log",
                    () -> boss.text("const e = document.querySelector('.audit-log li:first-child');"
                                    + " return e && e.dataset.action + ': ' + e.textContent")
                            .matches("user_deactivated: .*boss deactivated mallory"));
            boss.await("button[aria-label='Reactivate mallory']");
            assertTrue(boss.text("return document.querySelector('li[data-username=mallory] .flags').textContent")
                    .contains("deactivated"));
            boss.screenshot(UiSession.SCREENSHOTS.resolve("admin-1280.png"));

            mallory.fill("Username or email", "mallory");
            mallory.fill("Password", io.friendchat.server.testing.ApiClient.password("mallory"));
            mallory.press("Log in");
            mallory.waitFor(
                    "the refusal to log in",
                    () -> mallory.text("return document.querySelector('.form-error').textContent")
                            .contains("deactivated"));
            assertEquals("#/login", mallory.text("return location.hash"));
        }
    }
}
