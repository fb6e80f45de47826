package io.friendchat.socketio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh socket.io-mode {@link ConformanceServer} on port 0 for each test, with slow heartbeats
 * so raw clients that never answer pings keep their sessions, and raw clients for it. Register it
 * with {@code @RegisterExtension}; it is started before the test's own {@code @BeforeEach}
 * methods and closed after the test.
 */
final class SocketIoFixture implements BeforeEachCallback, AfterEachCallback {
    private final UnaryOperator<SocketIoOptions.Builder> options;
    private ConformanceServer server;
    private Wire wire;

    private SocketIoFixture(UnaryOperator<SocketIoOptions.Builder> options) {
        this.options = options;
    }

    static SocketIoFixture patient() {
        return new SocketIoFixture(UnaryOperator.identity());
    }

    /** The patient options, changed by {@code tune}. */
    static SocketIoFixture patient(UnaryOperator<SocketIoOptions.Builder> tune) {
        return new SocketIoFixture(tune);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server = ConformanceServer.start(
                0,
                "socket.io",
                options.apply(ConformanceServer.patientOptions()).build());
        wire = new Wire(server.port(), "/socket.io/");
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        server.close();
    }

    ConformanceServer server() {
        return server;
    }

    Wire wire() {
        return wire;
    }

    /**
     * Opens a WebSocket and joins {@code namespace} ({@code "/"} or e.g. {@code "/room"}); returns
     * once the server has accepted the CONNECT. The main namespace's {@code auth} event follows.
     */
    Wire.Ws connect(String namespace) {
        Wire.Ws ws = wire.ws("EIO=4&transport=websocket");
        ws.nextText();
        String prefix = namespace.equals("/") ? "40" : "40" + namespace + ",";
        ws.send(prefix);
        assertTrue(ws.nextNonPing().startsWith(prefix));
        return ws;
    }
}
