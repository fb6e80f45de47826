package io.friendchat.server.message;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A room's messages, ordered by a gap-free per-room {@code seq}; changes to existing messages
 * are numbered by a second gap-free per-room counter, {@code rev}.
 */
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

    /** The message with this id in this room. */
    Optional<Message> find(String roomId, String messageId);

    /** The room's messages among {@code ids}, in no particular order (missing ones left out). */
    List<Message> findByIds(String roomId, Collection<String> ids);

    /**
     * Changes an existing message, without waiting for the disk. {@code change} gets the
     * message as stored now, on the store's writer (so it must be quick and must not block), and
     * returns its new state (made with {@code with...} methods; its {@code rev} is ignored), or
     * the same instance to change nothing. A change may throw to refuse; the stage then fails
     * with what it threw, and nothing is stored. With several writers (nodes), {@code change}
     * may run more than once, each time on the latest state.
     *
     * <p>A change takes the room's next {@code rev} (gap-free per room, assigned inside the
     * write, like {@code seq}), and the stored message gets that rev. Once it is durable,
     * {@code onDurable} gets it, one at a time and in rev order per room, on the store's thread,
     * then the stage completes. An unchanged message takes no rev and is reported with {@code
     * changed == false}. A message that does not exist is reported as {@code null}, unchanged.
     *
     * <p>The stored mentions follow the message: {@link #countMentions} counts the new state.
     */
    CompletionStage<Changed> change(
            String roomId, String messageId, UnaryOperator<Message> change, Consumer<Changed> onDurable);

    /** As {@link #change(String, String, UnaryOperator, Consumer)}, waiting until it is durable. */
    default Changed change(String roomId, String messageId, UnaryOperator<Message> change) {
        try {
            return change(roomId, messageId, change, changed -> {})
                    .toCompletableFuture()
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * The current state of up to {@code limit} messages with {@code seq <= maxSeq} whose rev is
     * above {@code afterRev}, in ascending rev order.
     */
    List<Message> changedAfter(String roomId, long afterRev, long maxSeq, int limit);

    /** The room's last assigned rev, 0 when none of its messages ever changed. */
    long latestRev(String roomId);

    /** How many of the room's messages with seq above {@code afterSeq} mention {@code userId}. */
    long countMentions(String roomId, String userId, long afterSeq);

    record Appended(Message message, boolean created) {}

    /** A changed message (null when there was none), and whether this call changed it. */
    record Changed(Message message, boolean changed) {}
}
