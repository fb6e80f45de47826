package io.friendchat.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 *
 * <p>A test that picks its own backend, settings or clock uses {@link #unstarted()} and calls one
 * of the {@code start} methods itself; clean-up after the test is the same.
 *
 * <pre>{@code
 * @RegisterExtension
 * final ServerFixture fixture = ServerFixture.unstarted();
 *
 * @ParameterizedTest
 * @EnumSource(Backend.class)
 * void some_test(Backend backend) {
 *     fixture.start(backend, "alice");
 *     ApiClient alice = fixture.user("alice");
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

    /** Starts a server on this backend before each test. */
    public static ServerFixture on(Backend backend) {
        return new ServerFixture(backend);
    }

    /** Starts nothing before a test: the test calls {@link #start(Backend, String...)} or {@link #start(Backend, Map, Clock)}. */
    public static ServerFixture unstarted() {
        return new ServerFixture(null);
    }

    /** Users signed up before each test, each in a client of their own, like one browser each. */
    public ServerFixture withUsers(String... names) {
        usernames.addAll(List.of(names));
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("friendchat-test");
        if (backend != null) {
            start(backend, Map.of(), Clock.systemUTC());
        }
    }

    /** Starts this test's server on {@code backend} with the users named, each logged in as {@link #user}. */
    public TestServer start(Backend backend, String... users) {
        start(backend, Map.of(), Clock.systemUTC());
        signUp(users);
        return server;
    }

    /**
     * Starts this test's server on {@code backend} with extra settings (added to the backend's own)
     * and a clock, such as a {@link MutableClock}, with the users of {@link #withUsers}.
     */
    public TestServer start(Backend backend, Map<String, String> env, Clock clock) {
        if (server != null) {
            throw new IllegalStateException("the server of this test is already started");
        }
        Map<String, String> settings = backend.newTarget(dataDir).env();
        settings.putAll(env);
        server = TestServer.start(settings, clock);
        signUp(usernames.toArray(String[]::new));
        return server;
    }

    private void signUp(String... names) {
        for (String name : names) {
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
        if (server == null) {
            throw new IllegalStateException("no server yet: an unstarted fixture needs start(...) first");
        }
        return server;
    }

    /** A user named in {@link #withUsers} or {@link #start(Backend, String...)}, logged in. */
    public ApiClient user(String name) {
        ApiClient user = users.get(name);
        if (user == null) {
            throw new IllegalArgumentException(name + " is not one of the fixture's users " + users.keySet());
        }
        return user;
    }

    /** Connects the user's session over WebSocket with the official Java client; closed after the test. */
    public SocketClient connect(ApiClient who) throws Exception {
        return track(SocketClient.withToken(server(), who.sessionToken())).awaitConnected();
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
