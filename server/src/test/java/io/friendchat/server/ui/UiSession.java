package io.friendchat.server.ui;

import io.friendchat.server.testing.ApiClient;
import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the browser tests share: a real server on port 0 (SQLite), plus the steps a person takes
 * in the UI (sign up, create a room, open it, send a message).
 */
final class UiSession implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final TestServer server;

    UiSession(Path dataDir) {
        this(dataDir, Map.of());
    }

    /** With more settings, such as {@code FRIENDCHAT_ADMINS}. */
    UiSession(Path dataDir, Map<String, String> settings) {
        Map<String, String> env =
                new java.util.HashMap<>(Backend.SQLITE.newTarget(dataDir).env());
        env.put("FRIENDCHAT_SIGNUPS_PER_IP_PER_HOUR", "1000");
        env.putAll(settings);
        this.server = TestServer.start(env);
    }

    String url(String hash) {
        return server.baseUrl() + "/" + hash;
    }

    /** A new browser with its own profile (cookies, storage): one person's browser. */
    Browser browser(int width, int height) {
        return Browser.open(width, height);
    }

    /** Signs up through the form; the browser ends on the dashboard. */
    void signUp(Browser b, String username) {
        b.go(url("#/signup"));
        b.fill("Username", username);
        b.fill("Email", username + "@example.com");
        b.fill("Password", ApiClient.password(username));
        b.press("Create account");
        b.await(".shell .sidebar-head");
    }

    /** Logs in through the form at {@code base} (the server, or a relay in front of it); ends on the dashboard. */
    static void logIn(Browser b, String loginUrl, String username) {
        b.go(loginUrl);
        b.fill("Username or email", username);
        b.fill("Password", ApiClient.password(username));
        b.press("Log in");
        b.await(".shell .sidebar-head");
    }

    /** Creates a room through the form, adding the given usernames; returns its id. */
    String createRoom(Browser b, String name, String... members) {
        b.go(url("#/rooms/new"));
        b.fill("Room name", name);
        for (String m : members) {
            b.fill("Add friends by username", m);
            b.press("Add");
        }
        b.press("Create room");
        b.waitFor(
                "the new room to open",
                () -> b.text("return location.hash").startsWith("#/rooms/")
                        && !b.text("return location.hash").equals("#/rooms/new"));
        return b.text("return decodeURIComponent(location.hash.split('/')[2])");
    }

    /** Two new people in a new room, both viewing it and ready to send; returns its id. */
    String twoInARoom(Browser owner, String ownerName, Browser friend, String friendName, String roomName) {
        signUp(owner, ownerName);
        signUp(friend, friendName);
        String roomId = createRoom(owner, roomName, friendName);
        openRoom(friend, roomId);
        awaitComposer(owner);
        return roomId;
    }

    void openRoom(Browser b, String roomId) {
        b.go(url("#/rooms/" + roomId));
        awaitComposer(b);
    }

    /** Waits until the room is joined and the composer can send. */
    static void awaitComposer(Browser b) {
        b.waitFor(
                "the composer to be enabled",
                () -> b.js("const c = document.querySelector('#composer');" + " return !!c && !c.disabled;")
                        .asBoolean());
    }

    static void send(Browser b, String text) {
        b.type("#composer", text + Browser.ENTER);
    }

    /** Whether any element matching {@code css} contains {@code text}. */
    static boolean hasText(Browser b, String css, String text) {
        return b.js(
                        "return [...document.querySelectorAll(arguments[0])].some(e => e.textContent.includes(arguments[1]))",
                        css,
                        text)
                .asBoolean();
    }

    /** The text bodies of the confirmed messages in the open room, in display order. */
    static java.util.List<String> bodies(Browser b) {
        java.util.List<String> out = new java.util.ArrayList<>();
        b.js(
                        "return [...document.querySelectorAll('.messages li.message:not(.pending) .body')].map(e => e.textContent)")
                .forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A room made over the API by {@code owner} with {@code members}; returns its id. */
    static String roomOver(ApiClient owner, String name, String... members) {
        StringBuilder list = new StringBuilder();
        for (String m : members) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(m).append('"');
        }
        return owner.post("/api/rooms", "{\"name\":\"" + name + "\",\"members\":[" + list + "]}")
                .json()
                .at("/room/id")
                .asText();
    }

    /** Sends over a Socket.IO client (another device, or someone without a browser); waits out rate limits. */
    /** Sends over a socket, waiting out the rate limit; returns the stored message's id. */
    static String sendOver(io.friendchat.server.testing.SocketClient socket, String roomId, String text)
            throws Exception {
        return sendOver(socket, roomId, text, null);
    }

    /** As {@link #sendOver(io.friendchat.server.testing.SocketClient, String, String)}, as a reply when {@code replyToId} is set. */
    static String sendOver(
            io.friendchat.server.testing.SocketClient socket, String roomId, String text, String replyToId)
            throws Exception {
        return requestOver(
                        socket,
                        "message:send",
                        new org.json.JSONObject()
                                .put("roomId", roomId)
                                .put("clientId", java.util.UUID.randomUUID().toString())
                                .put("text", text)
                                .putOpt("replyToId", replyToId))
                .getJSONObject("message")
                .getString("id");
    }

    /**
     * Sends an event with an ack over a socket, waiting out the rate limit (messages, edits and
     * reactions share it); fails on any other error.
     */
    static org.json.JSONObject requestOver(
            io.friendchat.server.testing.SocketClient socket, String event, org.json.JSONObject payload)
            throws Exception {
        org.json.JSONObject ack = socket.request(event, payload);
        if (ack.has("error") && "rate_limited".equals(ack.getJSONObject("error").getString("code"))) {
            Thread.sleep(1000L * Math.max(1, ack.getJSONObject("error").optInt("retryAfter", 1)));
            return requestOver(socket, event, payload);
        }
        if (ack.has("error")) {
            throw new AssertionError(event + " failed: " + ack);
        }
        return ack;
    }

    /**
     * Replaces the page's Notification (before any of its scripts run) by a subclass that records
     * each notification made and each permission request, then hands them to the real one. What
     * this proves: what the app asks the browser to show, and when; not what the desktop shows.
     */
    static void recordNotifications(Browser b) {
        b.cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                Map.of(
                        "source",
                        "(() => { const Real = window.Notification; if (!Real) return;"
                                + " window.__shown = []; window.__asked = 0;"
                                + " class Recorded extends Real { constructor(title, options) { super(title, options);"
                                + " window.__shown.push({title, body: options && options.body}); } }"
                                + " Object.defineProperty(Recorded, 'permission', {get: () => Real.permission});"
                                + " Recorded.requestPermission = (...args) => { window.__asked++;"
                                + " return Real.requestPermission(...args); };"
                                + " window.Notification = Recorded; })();"));
    }

    /** Grants this server's pages the notification permission, as a person's "Allow" would. */
    void allowNotifications(Browser b) {
        b.cdp(
                "Browser.grantPermissions",
                Map.of("origin", server.baseUrl(), "permissions", java.util.List.of("notifications")));
    }

    @Override
    public void close() {
        server.close();
    }
}
