package io.friendchat.server.realtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.common.RateLimitedException;
import io.friendchat.server.common.TokenBucket;
import io.friendchat.server.room.Memberships;
import io.friendchat.server.web.Fields;
import io.friendchat.socketio.Namespace;
import io.friendchat.socketio.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code typing:start} and {@code typing:stop}: relayed to the room's other sockets, at most two
 * starts a second per socket. A start that is not followed by a stop lapses after five seconds,
 * with a {@code typing: false} to everyone.
 */
public final class Typing implements SocketFeature {
    private static final Duration LAPSES = Duration.ofSeconds(5);

    private final Namespace chat;
    private final SocketEvents events;
    private final Memberships memberships;
    private final ScheduledExecutorService timers;
    private final TokenBucket startsPerSocket;
    /** roomId + "/" + userId -> the lapse of that user's typing notice. */
    private final Map<String, ScheduledFuture<?>> lapses = new ConcurrentHashMap<>();

    public Typing(
            Namespace chat,
            SocketEvents events,
            Memberships memberships,
            ScheduledExecutorService timers,
            TokenBucket startsPerSocket) {
        this.chat = chat;
        this.events = events;
        this.memberships = memberships;
        this.timers = timers;
        this.startsPerSocket = startsPerSocket;
    }

    @Override
    public void attach(Socket socket, SocketSession session) {
        events.on(socket, Events.TYPING_START, (s, p) -> typing(socket, s, p, true));
        events.on(socket, Events.TYPING_STOP, (s, p) -> typing(socket, s, p, false));
    }

    @Override
    public void detach(Socket socket, SocketSession session) {
        startsPerSocket.forget(socket.id());
    }

    private Object typing(Socket socket, SocketSession session, ObjectNode p, boolean typing) {
        String userId = session.user().id();
        String roomId = Fields.requiredString(p, "roomId");
        memberships.requireMember(roomId, userId);
        String key = roomId + "/" + userId;
        ScheduledFuture<?> previous;
        if (typing) {
            Optional<Duration> limited = startsPerSocket.take(socket.id());
            if (limited.isPresent()) {
                throw new RateLimitedException("Typing notices are limited to 2 a second.", limited.get());
            }
            previous = lapses.put(
                    key,
                    timers.schedule(
                            () -> {
                                lapses.remove(key);
                                emit(null, roomId, userId, false);
                            },
                            LAPSES.toMillis(),
                            TimeUnit.MILLISECONDS));
        } else {
            previous = lapses.remove(key);
        }
        if (previous != null) {
            previous.cancel(false);
        }
        if (typing || previous != null) {
            emit(socket, roomId, userId, typing);
        }
        return Map.of();
    }

    private void emit(Socket from, String roomId, String userId, boolean typing) {
        Map<String, Object> payload = Map.of("roomId", roomId, "userId", userId, "typing", typing);
        if (from == null) {
            chat.to(Channels.room(roomId)).emit(Events.TYPING, payload);
        } else {
            from.to(Channels.room(roomId)).emit(Events.TYPING, payload);
        }
    }

    /** The user left the room: a pending lapse would announce to a room they are not in. */
    public void forgetRoom(String userId, String roomId) {
        ScheduledFuture<?> lapse = lapses.remove(roomId + "/" + userId);
        if (lapse != null) {
            lapse.cancel(false);
        }
    }

    /** Forgets idle budgets; run on a schedule. */
    public void sweep() {
        startsPerSocket.sweep();
    }
}
