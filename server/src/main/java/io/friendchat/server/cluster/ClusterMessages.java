package io.friendchat.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.message.MessageService;
import io.friendchat.server.message.MessageView;
import io.friendchat.server.realtime.Channels;
import io.friendchat.server.realtime.Events;
import io.friendchat.socketio.Namespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers chat messages to this node's sockets exactly once and in seq order per room, whichever
 * node stored them, with the store as the source of truth and the bus as a fast relay.
 *
 * <p>For each room that has sockets here the node keeps a mark: the last seq it delivered. A
 * message from anywhere (this node's store, or the bus) is delivered only if its seq is the next
 * one, and anything at or below the mark is dropped, so a message published twice (a retried
 * send, a sweep) reaches each socket once. A message past a gap is held for {@link #HOLD}, since
 * the missing ones are usually just behind on the bus (a node's own appends skip it); a gap that
 * stays is filled from the store, then the held messages follow in order. The mark of a room
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
    /** How long a message past a gap waits for the bus before the gap is filled from the store. */
    private static final Duration HOLD = Duration.ofMillis(150);

    private static final int MAX_WAITING = 1000;

    private final RedisBus bus;
    private final Namespace chat;
    private final MessageService messages;
    private final ObjectMapper json;
    /** roomId -> how far this node's sockets have been delivered the room. */
    private final Map<String, Follow> marks = new ConcurrentHashMap<>();

    private final AtomicLong gapsFilled = new AtomicLong();
    private final ScheduledExecutorService timers;

    /** One followed room; read and written on the bus thread only, once created. */
    private static final class Follow {
        /** The seq of the last message delivered to this node's sockets. */
        long mark;
        /** Messages past a gap, held until the gap is filled (by the bus, or from the store). */
        final TreeMap<Long, Object> waiting = new TreeMap<>();

        boolean fillScheduled;

        Follow(long mark) {
            this.mark = mark;
        }
    }

    public ClusterMessages(
            RedisBus bus, Namespace chat, MessageService messages, ObjectMapper json, ScheduledExecutorService timers) {
        this.bus = bus;
        this.timers = timers;
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
            marks.computeIfAbsent(roomId, id -> new Follow(messages.latestSeq(id)));
        }
    }

    /** Catches up every followed room from the store, and stops following rooms with no socket here. */
    public void sweep() {
        bus.execute(() -> {
            for (String roomId : Set.copyOf(marks.keySet())) {
                try {
                    // Atomic with joined(), which runs after its socket is in the room.
                    Follow follow = marks.computeIfPresent(
                            roomId,
                            (id, m) -> chat.adapter()
                                            .sockets(Set.of(Channels.room(id)))
                                            .isEmpty()
                                    ? null
                                    : m);
                    fill(roomId, follow, Long.MAX_VALUE);
                } catch (RuntimeException e) {
                    log.warn("catching up room {} from the store failed; the next sweep retries", roomId, e);
                }
            }
        });
    }

    /** How many times a jump in seqs was filled from the store (messages that the bus lost). */
    public long gapsFilled() {
        return gapsFilled.get();
    }

    private void offer(String roomId, long seq, Object payload) {
        Follow follow = marks.get(roomId);
        if (follow == null || seq <= follow.mark) {
            return;
        }
        if (seq == follow.mark + 1) {
            deliver(roomId, payload);
            follow.mark = seq;
            drain(roomId, follow);
            return;
        }
        // A jump: the missing ones are usually a moment behind on the bus (this node's own
        // appends skip it). Hold this one briefly; fill from the store only if the gap stays.
        follow.waiting.put(seq, payload);
        if (follow.waiting.size() >= MAX_WAITING) {
            fill(roomId, follow, follow.waiting.firstKey() - 1);
        } else if (!follow.fillScheduled) {
            follow.fillScheduled = true;
            timers.schedule(
                    () -> bus.execute(() -> {
                        follow.fillScheduled = false;
                        if (!follow.waiting.isEmpty() && marks.get(roomId) == follow) {
                            fill(roomId, follow, follow.waiting.firstKey() - 1);
                        }
                    }),
                    HOLD.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Delivers the held messages that are now next in line. */
    private void drain(String roomId, Follow follow) {
        while (!follow.waiting.isEmpty()) {
            Map.Entry<Long, Object> first = follow.waiting.firstEntry();
            if (first.getKey() <= follow.mark) {
                follow.waiting.pollFirstEntry();
            } else if (first.getKey() == follow.mark + 1) {
                follow.waiting.pollFirstEntry();
                deliver(roomId, first.getValue());
                follow.mark = first.getKey();
            } else {
                return;
            }
        }
    }

    /** Delivers from the store every message after the mark up to {@code upTo}, then what was held. */
    private void fill(String roomId, Follow follow, long upTo) {
        if (follow == null) {
            return;
        }
        long before = follow.mark;
        fetch:
        while (follow.mark < upTo) {
            List<MessageView> page = messages.range(roomId, follow.mark, FILL_PAGE);
            for (MessageView message : page) {
                if (message.seq() > upTo) {
                    break fetch;
                }
                deliver(roomId, message);
                follow.mark = message.seq();
            }
            if (page.size() < FILL_PAGE) {
                break;
            }
        }
        if (follow.mark > before) {
            gapsFilled.incrementAndGet();
        }
        drain(roomId, follow);
    }

    private void deliver(String roomId, Object message) {
        chat.to(Channels.room(roomId)).local().emit(Events.MESSAGE_NEW, Map.of("message", message));
    }
}
