package io.friendchat.server.message;

import java.time.Instant;
import java.util.List;

/**
 * A message in a room. {@code seq} numbers a room's messages 1, 2, 3... with no gaps.
 * System messages (membership changes and the like) have no author. {@code clientId} is the
 * sender's idempotency key: {@code (roomId, authorId, clientId)} is unique.
 *
 * <p>{@code rev} is the room's change counter at this message's last change (edit, deletion,
 * reaction), 0 if it never changed. A deleted message keeps its place with {@code deletedAt}
 * set and an empty body, no reply, no mentions and no reactions. {@code mentions} are user ids;
 * {@code reactions} are in the order each emoji was first used.
 */
public record Message(
        String id,
        String roomId,
        long seq,
        String authorId,
        String clientId,
        Kind kind,
        String body,
        Instant createdAt,
        long rev,
        Instant editedAt,
        Instant deletedAt,
        String replyToId,
        List<String> mentions,
        List<Reaction> reactions) {

    public Message {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    /** A message as sent, never changed. */
    public Message(
            String id,
            String roomId,
            long seq,
            String authorId,
            String clientId,
            Kind kind,
            String body,
            Instant createdAt) {
        this(id, roomId, seq, authorId, clientId, kind, body, createdAt, 0, null, null, null, List.of(), List.of());
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** One emoji on a message and who put it there, in the order they did. */
    public record Reaction(String emoji, List<String> userIds) {
        public Reaction {
            userIds = List.copyOf(userIds);
        }
    }

    /** This message with its text, mentions and edit time replaced. */
    public Message withEdit(String newBody, List<String> newMentions, Instant at) {
        return new Message(
                id,
                roomId,
                seq,
                authorId,
                clientId,
                kind,
                newBody,
                createdAt,
                rev,
                at,
                deletedAt,
                replyToId,
                newMentions,
                reactions);
    }

    /** This message deleted: its text, reply, mentions and reactions gone. */
    public Message withDeletion(Instant at) {
        return new Message(
                id, roomId, seq, authorId, clientId, kind, "", createdAt, rev, editedAt, at, null, List.of(),
                List.of());
    }

    public Message withReactions(List<Reaction> newReactions) {
        return new Message(
                id,
                roomId,
                seq,
                authorId,
                clientId,
                kind,
                body,
                createdAt,
                rev,
                editedAt,
                deletedAt,
                replyToId,
                mentions,
                newReactions);
    }

    /** This state as the change numbered {@code newRev}; set by the store only. */
    public Message withRev(long newRev) {
        return new Message(
                id, roomId, seq, authorId, clientId, kind, body, createdAt, newRev, editedAt, deletedAt, replyToId,
                mentions, reactions);
    }

    public enum Kind {
        TEXT,
        SYSTEM;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind fromWire(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
