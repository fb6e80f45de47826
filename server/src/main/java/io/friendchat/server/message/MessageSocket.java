package io.friendchat.server.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.RateLimitedException;
import io.friendchat.server.common.RateLimits;
import io.friendchat.server.realtime.Channels;
import io.friendchat.server.realtime.Events;
import io.friendchat.server.realtime.SocketEvents;
import io.friendchat.server.realtime.SocketFeature;
import io.friendchat.server.realtime.SocketSession;
import io.friendchat.server.web.Fields;
import io.friendchat.socketio.Namespace;
import io.friendchat.socketio.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * {@code message:send} and {@code message:history}, and {@code message:new} to the room for each
 * stored message; {@code message:edit}, {@code message:delete}, {@code message:react} and
 * {@code message:changes}, and {@code message:changed} to the room for each change. A send is acknowledged once the message is durable, then published; the socket
 * does not wait for the disk, so it may have several sends in flight.
 */
public final class MessageSocket implements SocketFeature {
    private static final int DEFAULT_PAGE = 50;

    private final Namespace chat;
    private final SocketEvents events;
    private final MessageService messages;
    private final RateLimits.Bucket messagesPerUser;
    private final Object drainLock = new Object();
    /** Sends taken and not yet acknowledged or failed; guarded by drainLock. */
    private int inFlight;

    private boolean draining;

    public MessageSocket(
            Namespace chat, SocketEvents events, MessageService messages, RateLimits.Bucket messagesPerUser) {
        this.chat = chat;
        this.events = events;
        this.messages = messages;
        this.messagesPerUser = messagesPerUser;
    }

    @Override
    public void attach(Socket socket, SocketSession session) {
        events.onAsync(socket, Events.MESSAGE_SEND, this::send);
        events.on(socket, Events.MESSAGE_HISTORY, this::history);
        events.onAsync(socket, Events.MESSAGE_EDIT, this::edit);
        events.onAsync(socket, Events.MESSAGE_DELETE, this::delete);
        events.onAsync(socket, Events.MESSAGE_REACT, this::react);
        events.on(socket, Events.MESSAGE_CHANGES, this::changes);
    }

    /**
     * Sends a changed message to every socket of the room's members; in rev order per room. On a
     * single node only: in cluster mode ClusterMessages delivers changes, by rev, on every node.
     */
    public void publishChange(MessageView message) {
        chat.to(Channels.room(message.roomId())).emit(Events.MESSAGE_CHANGED, Map.of("message", message));
    }

    private CompletionStage<?> edit(SocketSession session, ObjectNode p, Consumer<Object> reply) {
        String roomId = Fields.requiredString(p, "roomId");
        String messageId = Fields.requiredString(p, "messageId");
        String text = Fields.requiredString(p, "text");
        limit(session);
        return messages.edit(session.user(), roomId, messageId, text, acked(reply));
    }

    private CompletionStage<?> delete(SocketSession session, ObjectNode p, Consumer<Object> reply) {
        String roomId = Fields.requiredString(p, "roomId");
        String messageId = Fields.requiredString(p, "messageId");
        limit(session);
        return messages.delete(session.user(), roomId, messageId, acked(reply));
    }

    private CompletionStage<?> react(SocketSession session, ObjectNode p, Consumer<Object> reply) {
        String roomId = Fields.requiredString(p, "roomId");
        String messageId = Fields.requiredString(p, "messageId");
        String emoji = Fields.requiredString(p, "emoji");
        boolean add = Fields.requiredBoolean(p, "add");
        // Not against the sends' budget: people click reactions in quick bursts, and each is one
        // small write; the per-socket event limit bounds them.
        return messages.react(session.user(), roomId, messageId, emoji, add, acked(reply));
    }

    private static Consumer<MessageView> acked(Consumer<Object> reply) {
        return message -> reply.accept(Map.of("message", message));
    }

    /** Sends, edits and deletions share one per-user budget. */
    private void limit(SocketSession session) {
        Optional<Duration> limited = messagesPerUser.take(session.user().id());
        if (limited.isPresent()) {
            throw new RateLimitedException("You are sending messages too fast.", limited.get());
        }
    }

    private Object changes(SocketSession session, ObjectNode p) {
        String roomId = Fields.requiredString(p, "roomId");
        long afterRev = Fields.requiredWholeNumber(p, "afterRev");
        int limit = limit(p, MessageService.MAX_CATCH_UP_PAGE, MessageService.MAX_CATCH_UP_PAGE);
        long rev = messages.latestRev(roomId);
        List<MessageView> page = messages.changedAfter(session.user().id(), roomId, afterRev, Long.MAX_VALUE, limit);
        return Map.of("messages", page, "hasMore", page.size() == limit, "rev", rev);
    }

    /** Sends a newly stored message to every socket of the room's members; in seq order per room. */
    public void publish(MessageView message) {
        chat.to(Channels.room(message.roomId())).emit(Events.MESSAGE_NEW, Map.of("message", message));
    }

    private CompletionStage<?> send(SocketSession session, ObjectNode p, Consumer<Object> reply) {
        String roomId = Fields.requiredString(p, "roomId");
        String clientId = Fields.requiredString(p, "clientId");
        String fileId = Fields.optionalString(p, "fileId");
        String text = fileId == null ? Fields.requiredString(p, "text") : Fields.optionalString(p, "text");
        String replyToId = Fields.optionalString(p, "replyToId");
        limit(session);
        synchronized (drainLock) {
            if (draining) {
                // The server is stopping: neither stored nor acknowledged, so the client sends it
                // again (same clientId) once it has reconnected, here or to another node.
                return null;
            }
            inFlight++;
        }
        CompletionStage<?> stage;
        try {
            stage = messages.send(
                    session.user(),
                    roomId,
                    clientId,
                    text,
                    replyToId,
                    fileId,
                    sent -> reply.accept(Map.of("message", sent.message())));
        } catch (RuntimeException e) {
            finished();
            throw e;
        }
        stage.whenComplete((sent, failure) -> finished());
        return stage;
    }

    private void finished() {
        synchronized (drainLock) {
            inFlight--;
            drainLock.notifyAll();
        }
    }

    /**
     * For a graceful stop: takes no new send from now on, and waits until every send already
     * taken has been stored and acknowledged (or has failed), at most {@code timeout}. Returns how
     * many were still unfinished then.
     */
    public int drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drainLock) {
            draining = true;
            try {
                long left;
                while (inFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
                    drainLock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inFlight;
        }
    }

    private Object history(SocketSession session, ObjectNode p) {
        String userId = session.user().id();
        String roomId = Fields.requiredString(p, "roomId");
        Long after = Fields.optionalWholeNumber(p, "afterSeq");
        if (after != null) {
            int limit = limit(p, MessageService.MAX_CATCH_UP_PAGE, MessageService.MAX_CATCH_UP_PAGE);
            List<MessageView> page = messages.after(userId, roomId, after, limit);
            return Map.of("messages", page, "hasMore", page.size() == limit);
        }
        Long before = Fields.optionalWholeNumber(p, "beforeSeq");
        List<MessageView> page = messages.before(
                userId,
                roomId,
                before == null ? Long.MAX_VALUE : before,
                limit(p, DEFAULT_PAGE, MessageService.MAX_PAGE));
        return Map.of(
                "messages", page, "hasMore", !page.isEmpty() && page.get(0).seq() > 1);
    }

    private static int limit(ObjectNode payload, int fallback, int max) {
        Long value = Fields.optionalWholeNumber(payload, "limit");
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            throw new InvalidException("invalid_parameter", "'limit' must be from 1 to " + max + ".");
        }
        return value.intValue();
    }

    /** Forgets idle rate-limit state; run on a schedule. */
    public void sweep() {
        messagesPerUser.sweep();
    }
}
