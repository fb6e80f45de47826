package io.friendchat.server.message;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** A room's messages, ordered by a gap-free per-room {@code seq}. */
public interface MessageStore {
    /**
     * Appends a message and assigns it the room's next seq, without waiting for the disk. A
     * message whose {@code (roomId, authorId, clientId)} is already stored is not stored again:
     * the stored one is reported with {@code created == false}.
     *
     * <p>Once the message is durable, {@code onDurable} gets it and then the returned stage
     * completes. For the appends to one room, {@code onDurable} runs one at a time and in seq
     * order, on the store's own thread, so it must not block: it is where a new message is
     * acknowledged and published, so that a room's messages go out in seq order with no lock
     * held across the write. A failed append never reaches {@code onDurable}; its stage fails.
     *
     * <p>A new message with an author also raises that author's read marker in the room to its
     * seq (never lowering it), before {@code onDurable} runs: your own messages are never unread
     * for you.
     */
    CompletionStage<Appended> append(NewMessage message, Consumer<Appended> onDurable);

    /** As {@link #append(NewMessage, Consumer)}, waiting until the message is durable. */
    default Appended append(NewMessage message) {
        try {
            return append(message, appended -> {}).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Up to {@code limit} messages with seq below {@code beforeSeq}, in ascending seq order. */
    List<Message> before(String roomId, long beforeSeq, int limit);

    /** Up to {@code limit} messages with seq above {@code afterSeq}, in ascending seq order. */
    List<Message> after(String roomId, long afterSeq, int limit);

    /** The room's newest message. */
    Optional<Message> latest(String roomId);

    /** How many messages there are in all rooms, system messages included. */
    long count();

    record Appended(Message message, boolean created) {}
}
