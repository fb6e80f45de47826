package io.friendchat.server.message;

import java.util.List;
import java.util.Optional;

/** A room's messages, ordered by a gap-free per-room {@code seq}. */
public interface MessageStore {
    /**
     * Appends a message and assigns it the room's next seq. Once this returns, the message is
     * durable. A message whose {@code (roomId, authorId, clientId)} is already stored is not
     * stored again: the stored one comes back with {@code created == false}.
     *
     * <p>A new message with an author also raises that author's read marker in the room to its
     * seq (never lowering it), in the same write where the store allows: your own messages are
     * never unread for you.
     */
    Appended append(NewMessage message);

    /** Up to {@code limit} messages with seq below {@code beforeSeq}, in ascending seq order. */
    List<Message> before(String roomId, long beforeSeq, int limit);

    /** Up to {@code limit} messages with seq above {@code afterSeq}, in ascending seq order. */
    List<Message> after(String roomId, long afterSeq, int limit);

    /** The room's newest message. */
    Optional<Message> latest(String roomId);

    record Appended(Message message, boolean created) {}
}
