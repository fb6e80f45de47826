package io.friendchat.server.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.common.DomainException;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.RateLimitedException;
import io.friendchat.server.common.TokenBucket;
import io.friendchat.server.web.ErrorTable;
import io.friendchat.socketio.Ack;
import io.friendchat.socketio.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers chat event handlers on a socket with what they all share: the per-socket event
 * limit, an object payload, and every failure turned into an ack {@code {error: {code,
 * message}}} through the one error table (anything unexpected is logged once and becomes {@code
 * internal}). Handlers only translate between the payload and a service call.
 */
public final class SocketEvents {
    private static final Logger log = LoggerFactory.getLogger(SocketEvents.class);

    /** A handler whose result is the ack. */
    @FunctionalInterface
    public interface Handler {
        Object handle(SocketSession session, ObjectNode payload);
    }

    /**
     * A handler that answers later: it calls {@code reply} with the ack when its work is done, and
     * returns a stage whose failure becomes the error ack instead.
     */
    @FunctionalInterface
    public interface AsyncHandler {
        CompletionStage<?> handle(SocketSession session, ObjectNode payload, Consumer<Object> reply);
    }

    /** Sees how each event was answered, for metrics; called on the thread that answers. */
    public interface Observer {
        Observer NONE = new Observer() {
            @Override
            public void acknowledged(String event, long nanos) {}

            @Override
            public void refused(String event, DomainException failure) {}
        };

        /** The event was answered with a result, {@code nanos} after it arrived. */
        void acknowledged(String event, long nanos);

        /** The event was refused with a domain error, such as a rate limit. */
        void refused(String event, DomainException failure);
    }

    private final TokenBucket eventsPerSocket;
    private final Observer observer;

    public SocketEvents(TokenBucket eventsPerSocket) {
        this(eventsPerSocket, Observer.NONE);
    }

    public SocketEvents(TokenBucket eventsPerSocket, Observer observer) {
        this.eventsPerSocket = eventsPerSocket;
        this.observer = observer;
    }

    public void on(Socket socket, String event, Handler handler) {
        onAsync(socket, event, (session, payload, reply) -> {
            reply.accept(handler.handle(session, payload));
            return null;
        });
    }

    public void onAsync(Socket socket, String event, AsyncHandler handler) {
        socket.on(event, (args, ack) -> {
            long arrived = System.nanoTime();
            try {
                Optional<Duration> limited = eventsPerSocket.take(socket.id());
                if (limited.isPresent()) {
                    throw new RateLimitedException("Too many events; slow down.", limited.get());
                }
                JsonNode payload = args.isEmpty() ? null : args.get(0);
                if (!(payload instanceof ObjectNode object)) {
                    throw new InvalidException("invalid_type", "The payload must be an object.");
                }
                CompletionStage<?> later = handler.handle(SocketSession.of(socket), object, result -> {
                    reply(ack, result);
                    observer.acknowledged(event, System.nanoTime() - arrived);
                });
                if (later != null) {
                    later.whenComplete((result, failure) -> {
                        if (failure != null) {
                            fail(socket, event, ack, failure);
                        }
                    });
                }
            } catch (RuntimeException e) {
                fail(socket, event, ack, e);
            }
        });
    }

    /** Forgets the socket's event budget. */
    public void forget(Socket socket) {
        eventsPerSocket.forget(socket.id());
    }

    /** Forgets idle budgets; run on a schedule. */
    public void sweep() {
        eventsPerSocket.sweep();
    }

    private void fail(Socket socket, String event, Ack ack, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof DomainException e) {
            reply(ack, Map.of("error", ErrorTable.body(e)));
            observer.refused(event, e);
        } else {
            log.error("socket {}: event '{}' failed", socket.id(), event, cause);
            reply(ack, Map.of("error", Map.of("code", "internal", "message", "Something went wrong on our side.")));
        }
    }

    private static void reply(Ack ack, Object result) {
        if (ack.requested()) {
            ack.send(result);
        }
    }
}
