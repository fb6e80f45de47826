package io.friendchat.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.message.MessageService;
import io.friendchat.server.message.MessageView;
import io.friendchat.server.realtime.Channels;
import io.friendchat.server.realtime.Events;
import io.friendchat.socketio.Namespace;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers chat messages to this node's sockets exactly once and in seq order per room, whichever
 * node stored them, with the store as the source of truth and the bus as a fast relay.
 *
 * <p>For each room that has sockets here the node keeps a mark: the last seq it delivered. A
 * message from anywhere (this node's store, or the bus) is delivered only if its seq is the next
 * one; a jump is first filled from the store, and anything at or below the mark is dropped, so a
 * message published twice (a retried send, a sweep) reaches each socket once. The mark of a room
 * is read from the store when a socket here first joins it, before the join returns: what was
 * stored before that comes to the client through its catch-up, what is stored after through here.
 * A sweep ({@link #sweep}) covers a last message whose publication was lost: after Redis comes
 * back, when a peer dies, and on a slow timer.
 *
 * <p>All delivery runs on the bus thread, one message at a time.
 */
public final class ClusterMessages {
    private static final Logger log = LoggerFactory.getLogger(ClusterMessages.class);
    static final String MESSAGE = "message:stored";
    private static final int FILL_PAGE = MessageService.MAX_CATCH_UP_PAGE;

    private final RedisBus bus;
    private final Namespace chat;
    private final MessageService messages;
    private final ObjectMapper json;
    /** roomId -> the seq of the last message delivered to this node's sockets. */
    private final Map<String, AtomicLong> marks = new ConcurrentHashMap<>();

    private final AtomicLong gapsFilled = new AtomicLong();

    public ClusterMessages(RedisBus bus, Namespace chat, MessageService messages, ObjectMapper json) {
        this.bus = bus;
        this.chat = chat;
        this.messages = messages;
        this.json = json;
        bus.on(
                MESSAGE,
                (node, body) ->
                        offer(body.path("roomId").asText(), body.path("seq").asLong(), body.path("message")));
    }

    /**
     * A message stored by this node (or found stored again by a retried send): publish it to the
     * other nodes and deliver it here. Called on the store's thread, in seq order per room.
     */
    public void stored(MessageView message) {
        JsonNode payload = json.valueToTree(message);
        ObjectNode body = bus.body();
        body.put("roomId", message.roomId()).put("seq", message.seq()).set("message", payload);
        bus.publish(MESSAGE, body);
        bus.execute(() -> offer(message.roomId(), message.seq(), payload));
    }

    /**
     * A socket here joins a Socket.IO room: if it is a chat room new to this node, start
     * following it from the store's latest seq. Runs before the join returns.
     */
    public void joined(String channel) {
        String roomId = Channels.roomIdOf(channel);
        if (roomId != null) {
            marks.computeIfAbsent(roomId, id -> new AtomicLong(messages.latestSeq(id)));
        }
    }

    /** Catches up every followed room from the store, and stops following rooms with no socket here. */
    public void sweep() {
        bus.execute(() -> {
            for (String roomId : Set.copyOf(marks.keySet())) {
                try {
                    // Atomic with joined(), which runs after its socket is in the room.
                    AtomicLong mark = marks.computeIfPresent(
                            roomId,
                            (id, m) -> chat.adapter()
                                            .sockets(Set.of(Channels.room(id)))
                                            .isEmpty()
                                    ? null
                                    : m);
                    fill(roomId, mark, Long.MAX_VALUE);
                } catch (RuntimeException e) {
                    log.warn("catching up room {} from the store failed; the next sweep retries", roomId, e);
                }
            }
        });
    }

    /** How many times a jump in seqs was filled from the store (messages that the bus lost or reordered). */
    public long gapsFilled() {
        return gapsFilled.get();
    }

    private void offer(String roomId, long seq, JsonNode payload) {
        AtomicLong mark = marks.get(roomId);
        if (mark == null || seq <= mark.get()) {
            return;
        }
        if (seq > mark.get() + 1) {
            gapsFilled.incrementAndGet();
            fill(roomId, mark, seq - 1);
        }
        if (seq > mark.get()) {
            deliver(roomId, payload);
            mark.set(seq);
        }
    }

    /** Delivers from the store every message after the mark, up to {@code upTo}. */
    private void fill(String roomId, AtomicLong mark, long upTo) {
        if (mark == null) {
            return;
        }
        while (mark.get() < upTo) {
            List<MessageView> page = messages.range(roomId, mark.get(), FILL_PAGE);
            for (MessageView message : page) {
                if (message.seq() > upTo) {
                    return;
                }
                deliver(roomId, message);
                mark.set(message.seq());
            }
            if (page.size() < FILL_PAGE) {
                return;
            }
        }
    }

    private void deliver(String roomId, Object message) {
        chat.to(Channels.room(roomId)).local().emit(Events.MESSAGE_NEW, Map.of("message", message));
    }
}
