package io.friendchat.server.ui;

import static io.friendchat.server.ui.UiSession.hasText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Finding people, direct messages, invite links and public rooms, for two people in two real Chromiums. */
class SharingInBrowserTest extends BrowserTest {

    private static void assertNoSidewaysScroll(Browser b, int width) {
        assertTrue(
                b.js("return document.documentElement.scrollWidth").asInt() <= width,
                "nothing wider than the " + width + " px screen");
    }

    private static String hashRoomId(Browser b) {
        b.waitFor("a room to open", () -> b.text("return location.hash").matches("#/rooms/[0-9a-f]{24}"));
        return b.text("return location.hash.split('/')[2]");
    }

    @Test
    void a_direct_message_from_a_phone_reaches_a_desktop_with_an_unread_count() throws Exception {
        try (Browser alice = ui.browser(375, 800);
                Browser bob = ui.browser(1280, 800)) {
            ui.signUp(alice, "dmalice");
            ui.signUp(bob, "dmbob");

            Path picture = Files.createTempFile(dataDir, "avatar", ".png");
            ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "png", picture.toFile());
            alice.go(ui.url("#/account"));
            alice.type("#avatar-file", picture.toString());
            alice.waitFor(
                    "the new avatar",
                    () -> hasText(alice, ".saved", "Saved.")
                            && alice.js("return !!document.querySelector('.avatar-preview img.avatar')")
                                    .asBoolean());

            alice.go(ui.url("#/dms/new"));
            alice.fill("Find a person", "DMB");
            alice.waitFor("bob among the people found", () -> hasText(alice, ".person-row", "@dmbob"));
            assertNoSidewaysScroll(alice, 375);
            alice.screenshot(UiSession.SCREENSHOTS.resolve("new-direct-message-375.png"));
            alice.click(".person-row");
            hashRoomId(alice);
            UiSession.awaitComposer(alice);
            assertEquals("dmbob", alice.text("return document.querySelector('.room-name').textContent"));
            UiSession.send(alice, "Hi from my phone");

            bob.waitFor(
                    "the conversation under Direct messages, with one unread and alice's avatar",
                    () -> hasText(bob, ".direct-list .row-name", "dmalice")
                            && hasText(bob, ".direct-list .badge", "1")
                            && bob.js("return !!document.querySelector('.direct-list img.avatar')")
                                    .asBoolean());
            assertTrue(!hasText(bob, ".sidebar .room-list:not(.direct-list) .row-name", "dmalice"), "not among rooms");
            bob.click(".direct-list .room-row");
            bob.waitFor("alice's message", () -> hasText(bob, ".messages .message .body", "Hi from my phone"));
            bob.waitFor("the unread count to clear", () -> !hasText(bob, ".direct-list .badge", "1"));
            bob.screenshot(UiSession.SCREENSHOTS.resolve("direct-message-1280.png"));

            String dm = hashRoomId(bob);
            bob.go(ui.url("#/rooms/" + dm + "/settings"));
            bob.press("Block dmalice");
            bob.waitFor("the block", () -> hasText(bob, ".saved", "Blocked"));
            UiSession.send(alice, "Still there?");
            alice.waitFor(
                    "the refusal, without saying more than needed",
                    () -> hasText(alice, ".message.failed", "Not sent: This person is not accepting direct messages"));
        }
    }

    @Test
    void an_invite_link_takes_a_signed_out_visitor_through_sign_up_into_the_room() {
        try (Browser alice = ui.browser(1280, 800);
                Browser carol = ui.browser(375, 800)) {
            ui.signUp(alice, "invalice");
            String roomId = ui.createRoom(alice, "Book club");
            alice.go(ui.url("#/rooms/" + roomId + "/settings"));
            alice.fill("Number of uses (empty: no limit)", "5");
            alice.press("Create invite link");
            alice.waitFor(
                    "the new link",
                    () -> alice.js("return !!document.querySelector('.invite-url')")
                            .asBoolean());
            String link = alice.text("return document.querySelector('.invite-url').value");
            assertTrue(link.matches("http://[^/]+/invite/[A-Za-z0-9_-]{22}"), link);
            assertTrue(hasText(alice, ".invite-row", "0 of 5 uses"));
            alice.screenshot(UiSession.SCREENSHOTS.resolve("invite-links-1280.png"));
            ui.openRoom(alice, roomId);

            carol.go(link);
            carol.await(".invite-note");
            carol.fill("Username", "invcarol");
            carol.fill("Email", "invcarol@example.com");
            carol.fill("Password", io.friendchat.server.testing.ApiClient.password("invcarol"));
            carol.press("Create account");
            carol.press("Join “Book club”");
            assertEquals(roomId, hashRoomId(carol));
            UiSession.awaitComposer(carol);
            assertNoSidewaysScroll(carol, 375);

            alice.waitFor(
                    "the join as a system message",
                    () -> hasText(alice, ".messages .system", "invcarol joined with an invite link."));

            // Someone who already has an account follows the link and logs in instead.
            ui.server.client().signup("invdave");
            try (Browser dave = ui.browser(1280, 800)) {
                dave.go(link);
                dave.await(".invite-note");
                dave.press("Log in");
                dave.await(".invite-note");
                dave.fill("Username or email", "invdave");
                dave.fill("Password", io.friendchat.server.testing.ApiClient.password("invdave"));
                dave.press("Log in");
                dave.press("Join “Book club”");
                assertEquals(roomId, hashRoomId(dave));
            }
            alice.waitFor(
                    "the second join",
                    () -> hasText(alice, ".messages .system", "invdave joined with an invite link."));
        }
    }

    @Test
    void a_public_room_is_found_and_joined_from_a_phone() {
        try (Browser alice = ui.browser(1280, 800);
                Browser bob = ui.browser(375, 800)) {
            ui.signUp(alice, "pubalice");
            ui.signUp(bob, "pubbob");
            alice.go(ui.url("#/rooms/new"));
            alice.fill("Room name", "Open mic");
            alice.click("#room-public");
            alice.press("Create room");
            String roomId = hashRoomId(alice);
            UiSession.awaitComposer(alice);

            bob.press("Browse public rooms");
            bob.waitFor("the public room", () -> hasText(bob, ".public-room .row-name", "Open mic"));
            assertNoSidewaysScroll(bob, 375);
            bob.screenshot(UiSession.SCREENSHOTS.resolve("public-rooms-375.png"));
            bob.click(".public-room[data-room-id='" + roomId + "'] button");
            assertEquals(roomId, hashRoomId(bob));
            UiSession.awaitComposer(bob);

            alice.waitFor("the join as a system message", () -> hasText(alice, ".messages .system", "pubbob joined."));
            UiSession.send(bob, "Hello, open mic");
            alice.waitFor("bob's message", () -> hasText(alice, ".messages .message .body", "Hello, open mic"));

            alice.go(ui.url("#/rooms/" + roomId + "/settings"));
            alice.press("Message");
            String dm = hashRoomId(alice);
            assertTrue(!dm.equals(roomId), "a direct message, not the room");
            UiSession.awaitComposer(alice);
            assertEquals("pubbob", alice.text("return document.querySelector('.room-name').textContent"));
            bob.waitFor("the direct message in bob's list", () -> hasText(bob, ".direct-list .row-name", "pubalice"));
        }
    }
}
