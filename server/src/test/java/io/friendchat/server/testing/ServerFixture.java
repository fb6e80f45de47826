package io.friendchat.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * "Start a server, sign users up" for the integration suites: before each test, a real FriendChat
 * server on a free port over a fresh target of one backend, with the named users signed up; after
 * it, every socket opened through the fixture is closed, the server stopped and its data removed.
 *
 * <pre>{@code
 * @RegisterExtension
 * final ServerFixture fixture = ServerFixture.on(Backend.SQLITE).withUsers("alice", "bob");
 * }</pre>
 */
public final class ServerFixture implements BeforeEachCallback, AfterEachCallback {
    private final Backend backend;
    private final List<String> usernames = new ArrayList<>();
    private final Map<String, ApiClient> users = new LinkedHashMap<>();
    private final List<SocketClient> sockets = new ArrayList<>();
    private Path dataDir;
    private TestServer server;

    private ServerFixture(Backend backend) {
        this.backend = backend;
    }

    public static ServerFixture on(Backend backend) {
        return new ServerFixture(backend);
    }

    /** Users signed up before each test, each in a client of their own, like one browser each. */
    public ServerFixture withUsers(String... names) {
        usernames.addAll(List.of(names));
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("friendchat-test");
        server = TestServer.start(backend, dataDir);
        for (String name : usernames) {
            users.put(name, server.client().signup(name));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            sockets.forEach(SocketClient::close);
            if (server != null) {
                server.close();
            }
        } finally {
            sockets.clear();
            users.clear();
            server = null;
            deleteRecursively(dataDir);
        }
    }

    public TestServer server() {
        return server;
    }

    /** A user named in {@link #withUsers}, logged in. */
    public ApiClient user(String name) {
        ApiClient user = users.get(name);
        if (user == null) {
            throw new IllegalArgumentException(name + " is not one of the fixture's users " + users.keySet());
        }
        return user;
    }

    /** Connects the user's session over WebSocket with the official Java client; closed after the test. */
    public SocketClient connect(ApiClient who) throws Exception {
        return track(SocketClient.withToken(server, who.sessionToken())).awaitConnected();
    }

    /** Closes this socket after the test. */
    public SocketClient track(SocketClient socket) {
        sockets.add(socket);
        return socket;
    }

    /** Creates a room owned by {@code owner} with the members named; fails the test unless it was created. */
    public String createRoom(ApiClient owner, String name, String... members) {
        String list =
                String.join(",", Stream.of(members).map(m -> '"' + m + '"').toList());
        TestServer.Response r = owner.post("/api/rooms", "{\"name\":\"" + name + "\",\"members\":[" + list + "]}");
        if (r.status() != 201) {
            throw new AssertionError("creating room " + name + " failed: " + r.status() + " " + r.body());
        }
        return r.json().at("/room/id").asText();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
