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
 * <p>Changes to existing messages ({@code message:changed}) follow the same way, by the room's
 * {@code rev}: a second mark, read with the first, delivers the next rev, holds one past a gap
 * and fills a gap that stays (and every sweep) with the current state of the messages changed
 * since, from the store. A change to a message this node has not delivered yet first fills the
 * messages up to it, so a socket never gets a change before the message.
 *
 * <p>All delivery runs on the bus thread, one message at a time.
 */
public final class ClusterMessages {
    private static final Logger log = LoggerFactory.getLogger(ClusterMessages.class);
    static final String MESSAGE = "message:stored";
    static final String CHANGE = "message:changed";
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

    /**
     * One stream of a followed room, its new messages by seq or its changes by rev, with the
     * number of the last one delivered to this node's sockets and those held past a gap (until
     * the bus or the store fills it). Read and written on the bus thread only, once created.
     */
    private static final class Sequence {
        final String event;
        long mark;
        final TreeMap<Long, Object> waiting = new TreeMap<>();
        boolean fillScheduled;

        Sequence(String event, long mark) {
            this.event = event;
            this.mark = mark;
        }
    }

    /** One followed room. */
    private static final class Follow {
        final Sequence messages;
        final Sequence changes;

        Follow(long seq, long rev) {
            this.messages = new Sequence(Events.MESSAGE_NEW, seq);
            this.changes = new Sequence(Events.MESSAGE_CHANGED, rev);
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
        bus.on(
                CHANGE,
                (node, body) -> offerChange(
                        body.path("roomId").asText(),
                        body.path("rev").asLong(),
                        body.path("seq").asLong(),
                        body.path("message")));
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
     * A change to a message, durable on this node: publish it to the other nodes and deliver it
     * here. Called on the store's thread, in rev order per room.
     */
    public void changed(MessageView message) {
        JsonNode payload = json.valueToTree(message);
        ObjectNode body = bus.body();
        body.put("roomId", message.roomId())
                .put("rev", message.rev())
                .put("seq", message.seq())
                .set("message", payload);
        bus.publish(CHANGE, body);
        bus.execute(() -> offerChange(message.roomId(), message.rev(), message.seq(), payload));
    }

    /**
     * A socket here joins a Socket.IO room: if it is a chat room new to this node, start
     * following it from the store's latest seq and rev. Runs before the join returns.
     */
    public void joined(String channel) {
        String roomId = Channels.roomIdOf(channel);
        if (roomId != null) {
            marks.computeIfAbsent(roomId, id -> new Follow(messages.latestSeq(id), messages.latestRev(id)));
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
                    if (follow != null) {
                        fill(roomId, follow, Long.MAX_VALUE);
                        fillChanges(roomId, follow);
                    }
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
        if (follow != null) {
            offer(roomId, follow, follow.messages, seq, payload);
        }
    }

    private void offerChange(String roomId, long rev, long seq, Object payload) {
        Follow follow = marks.get(roomId);
        if (follow == null || rev <= follow.changes.mark) {
            return;
        }
        if (seq > follow.messages.mark) {
            // The message itself has not reached this node's sockets yet: it comes first, from the
            // store and so in its current state.
            fill(roomId, follow, seq);
        }
        offer(roomId, follow, follow.changes, rev, payload);
    }

    /** Delivers the next one in line; holds one past a gap, and has the gap filled if it stays. */
    private void offer(String roomId, Follow follow, Sequence sequence, long number, Object payload) {
        if (number <= sequence.mark) {
            return;
        }
        if (number == sequence.mark + 1) {
            deliver(roomId, sequence, number, payload);
            drain(roomId, sequence);
            return;
        }
        // A jump: the missing ones are usually a moment behind on the bus (this node's own
        // writes skip it). Hold this one briefly; fill from the store only if the gap stays.
        sequence.waiting.put(number, payload);
        if (sequence.waiting.size() >= MAX_WAITING) {
            fillGap(roomId, follow, sequence);
        } else if (!sequence.fillScheduled) {
            sequence.fillScheduled = true;
            timers.schedule(
                    () -> bus.execute(() -> {
                        sequence.fillScheduled = false;
                        if (!sequence.waiting.isEmpty() && marks.get(roomId) == follow) {
                            fillGap(roomId, follow, sequence);
                        }
                    }),
                    HOLD.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void fillGap(String roomId, Follow follow, Sequence sequence) {
        if (sequence == follow.messages) {
            fill(roomId, follow, sequence.waiting.firstKey() - 1);
        } else {
            fillChanges(roomId, follow);
        }
    }

    /** Delivers the held ones that are now next in line, dropping those already covered. */
    private void drain(String roomId, Sequence sequence) {
        while (!sequence.waiting.isEmpty()) {
            Map.Entry<Long, Object> first = sequence.waiting.firstEntry();
            if (first.getKey() <= sequence.mark) {
                sequence.waiting.pollFirstEntry();
            } else if (first.getKey() == sequence.mark + 1) {
                sequence.waiting.pollFirstEntry();
                deliver(roomId, sequence, first.getKey(), first.getValue());
            } else {
                return;
            }
        }
    }

    /** Delivers from the store every message after the mark up to {@code upTo}, then what was held. */
    private void fill(String roomId, Follow follow, long upTo) {
        Sequence sequence = follow.messages;
        long before = sequence.mark;
        fetch:
        while (sequence.mark < upTo) {
            List<MessageView> page = messages.range(roomId, sequence.mark, FILL_PAGE);
            for (MessageView message : page) {
                if (message.seq() > upTo) {
                    break fetch;
                }
                deliver(roomId, sequence, message.seq(), message);
            }
            if (page.size() < FILL_PAGE) {
                break;
            }
        }
        if (sequence.mark > before) {
            gapsFilled.incrementAndGet();
        }
        drain(roomId, sequence);
    }

    /**
     * Delivers the current state of every message changed after the rev mark, from the store,
     * then what was held. The store gives each message once, at its latest rev, so the mark may
     * jump over revs that no longer need delivering.
     */
    private void fillChanges(String roomId, Follow follow) {
        Sequence sequence = follow.changes;
        while (true) {
            List<MessageView> page = messages.changesAfter(roomId, sequence.mark, FILL_PAGE);
            for (MessageView message : page) {
                if (message.seq() > follow.messages.mark) {
                    fill(roomId, follow, message.seq());
                }
                deliver(roomId, sequence, message.rev(), message);
            }
            if (page.size() < FILL_PAGE) {
                break;
            }
        }
        drain(roomId, sequence);
    }

    private void deliver(String roomId, Sequence sequence, long number, Object message) {
        chat.to(Channels.room(roomId)).local().emit(sequence.event, Map.of("message", message));
        sequence.mark = number;
    }
}
