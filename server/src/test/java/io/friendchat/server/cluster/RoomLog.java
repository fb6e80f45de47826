package io.friendchat.server.cluster;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one client shows of one room, built as the web client builds it: catch-up pages and live
 * pushes, a message applied only when its seq is the next one. So the log is in seq order with
 * no duplicates by construction; the tests check that it holds every message, and which way each
 * came. Seqs start at 1 with no gaps (docs/api.md), so the message with seq n is at n - 1.
 */
final class RoomLog {
    /** How a message reached the log. */
    enum Source {
        /** the answer to {@code room:join} */
        JOIN,
        /** a {@code message:new} push */
        LIVE,
        /** {@code message:history} after a push showed a gap */
        GAP_FILL
    }

    private final String roomId;
    private final List<ChatMessage> messages = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    RoomLog(String roomId) {
        this.roomId = roomId;
    }

    String roomId() {
        return roomId;
    }

    synchronized long lastSeq() {
        return messages.size();
    }

    /** What {@link #offer} did. */
    enum Outcome {
        APPLIED,
        /** at or below the last seq: a catch-up page and a push overlapped */
        ALREADY_HERE,
        /** past the next seq: the caller fills the gap from history first */
        GAP
    }

    /**
     * Applies a message if its seq is the next one. One already here must be the same message:
     * two messages with one seq is recorded as a problem.
     */
    synchronized Outcome offer(ChatMessage message, Source source) {
        if (!message.roomId().equals(roomId)) {
            throw new IllegalArgumentException(message + " is not in room " + roomId);
        }
        if (message.seq() <= messages.size()) {
            ChatMessage here = messages.get((int) message.seq() - 1);
            if (!here.equals(message)) {
                problems.add("seq " + message.seq() + " came as " + message + " (" + source + ") and as " + here);
            }
            return Outcome.ALREADY_HERE;
        }
        if (message.seq() != messages.size() + 1) {
            return Outcome.GAP;
        }
        messages.add(message);
        sources.add(source);
        return Outcome.APPLIED;
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized List<ChatMessage> messages() {
        return List.copyOf(messages);
    }

    synchronized boolean has(ChatMessage message) {
        return message.seq() <= messages.size()
                && messages.get((int) message.seq() - 1).equals(message);
    }

    /** How many messages came each way, for the test's report. */
    synchronized Map<Source, Long> tally() {
        Map<Source, Long> tally = new EnumMap<>(Source.class);
        sources.forEach(source -> tally.merge(source, 1L, Long::sum));
        return tally;
    }

    /** How the message at {@code seq} arrived. */
    synchronized Source source(long seq) {
        return sources.get((int) seq - 1);
    }
}
