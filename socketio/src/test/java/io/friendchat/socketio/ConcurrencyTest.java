package io.friendchat.socketio;

import static io.friendchat.socketio.Wire.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Broadcasts from many threads while clients come and go: nothing lost, reordered or thrown. */
class ConcurrencyTest {
    private static final int LISTENERS = 10;
    private static final int SENDERS = 4;
    private static final int MESSAGES = 300;

    @RegisterExtension
    final SocketIoFixture fixture = SocketIoFixture.patient();

    private ConformanceServer server;

    @BeforeEach
    void serveRoom() {
        server = fixture.server();
        server.io().of("/room").onConnection(socket -> socket.join("all"));
    }

    private Wire.Ws joinRoom() {
        return fixture.connect("/room");
    }

    @Test
    void concurrent_broadcasts_reach_every_member_in_per_sender_order() throws Exception {
        List<Wire.Ws> listeners = new ArrayList<>();
        for (int i = 0; i < LISTENERS; i++) {
            listeners.add(joinRoom());
        }
        await("listeners joined", () -> server.io().of("/room").sockets().size() == LISTENERS);
        Namespace room = server.io().of("/room");
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 1);
        try {
            Future<?> churn = pool.submit(() -> {
                while (sending.get()) {
                    Wire.Ws passer = joinRoom();
                    passer.abort();
                }
                return null;
            });
            List<Future<?>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                senders.add(pool.submit(() -> {
                    for (int m = 0; m < MESSAGES; m++) {
                        room.to("all").emit("m", sender, m);
                    }
                }));
            }
            for (Future<?> f : senders) {
                f.get(1, TimeUnit.MINUTES);
            }
            sending.set(false);
            churn.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        for (Wire.Ws ws : listeners) {
            int[] next = new int[SENDERS];
            for (int i = 0; i < SENDERS * MESSAGES; i++) {
                String packet = ws.nextNonPing();
                // 42/room,["m",S,M]
                String[] parts = packet.substring("42/room,[\"m\",".length(), packet.length() - 1)
                        .split(",");
                int sender = Integer.parseInt(parts[0]);
                assertEquals(next[sender], Integer.parseInt(parts[1]), "order of sender " + sender);
                next[sender]++;
            }
            ws.abort();
        }
        await("passers gone", () -> server.io().of("/room").sockets().isEmpty());
        assertEquals(List.of(), List.copyOf(server.io().of("/room").adapter().sockets(java.util.Set.of("all"))));
    }
}
