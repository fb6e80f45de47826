package io.friendchat.server.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.store.StoreException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seqs are assigned by insert, not by a counter: read the room's highest seq, insert the next,
 * and on a duplicate {@code (roomId, seq)} (another node won) read again. A counter can be
 * incremented and then lost in a crash before the insert, leaving a gap; this cannot.
 *
 * <p>Appends run on a fixed set of writer threads, each room always on the same one, so a room's
 * appends are applied, and reported, one at a time and in seq order without any lock, while
 * rooms on other writers proceed in parallel. The last seq of each room is remembered by its
 * writer, so an append costs no extra query.
 *
 * <p>A change to an existing message takes the room's next rev the same way, by inserting
 * {@code (roomId, rev)} into {@code message_changes} (unique), then writes the message's new
 * state only if its rev is still the one the change was computed from; if another node changed
 * it meanwhile, the change is computed again on the newer state with a new rev (the rev it had
 * claimed then changes nothing, which readers never notice: they read the messages' revs).
 * New messages carry no rev, mentions nor reactions fields, so the partial indexes on them
 * cost a send nothing.
 */
final class MongoMessageStore implements MessageStore {
    private static final String SEQ_INDEX = "messages_room_seq";
    private static final String CLIENT_ID_INDEX = "messages_room_author_client";
    private static final String REV_INDEX = "message_changes_room_rev";
    private static final int WRITERS = 16;
    private static final Logger log = LoggerFactory.getLogger(MongoMessageStore.class);

    private final MongoCollection<Document> messages;
    private final MongoCollection<Document> changes;
    private final MongoMemberStore members;
    private final ExecutorService[] writers = new ExecutorService[WRITERS];
    private final AtomicLong seqCollisions = new AtomicLong();
    /** roomId -> the highest seq this process knows of; only read or written by the room's writer. */
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    /** roomId -> the highest rev this process knows of; only read or written by the room's writer. */
    private final Map<String, Long> lastRev = new ConcurrentHashMap<>();

    MongoMessageStore(MongoDatabase database, MongoMemberStore members) {
        this.messages = database.getCollection("messages");
        this.changes = database.getCollection("message_changes");
        this.members = members;
        for (int i = 0; i < WRITERS; i++) {
            String name = "mongo-messages-" + i;
            writers[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    void createIndexes() {
        messages.createIndex(
                Indexes.ascending("roomId", "seq"),
                new IndexOptions().unique(true).name(SEQ_INDEX));
        messages.createIndex(
                Indexes.ascending("roomId", "authorId", "clientId"),
                new IndexOptions().unique(true).name(CLIENT_ID_INDEX));
        messages.createIndex(
                Indexes.ascending("roomId", "rev"),
                new IndexOptions().name("messages_room_rev").partialFilterExpression(exists("rev")));
        messages.createIndex(
                Indexes.ascending("mentions", "roomId", "seq"),
                new IndexOptions().name("messages_mentions").partialFilterExpression(exists("mentions")));
        changes.createIndex(
                Indexes.ascending("roomId", "rev"),
                new IndexOptions().unique(true).name(REV_INDEX));
    }

    @Override
    public CompletionStage<Appended> append(NewMessage m, Consumer<Appended> onDurable) {
        return onWriter(
                m.roomId(),
                () -> {
                    Appended appended = insert(m);
                    if (appended.created() && m.authorId() != null) {
                        members.advanceLastRead(
                                m.roomId(), m.authorId(), appended.message().seq());
                    }
                    return appended;
                },
                onDurable);
    }

    /**
     * Runs {@code write} on the room's writer, then hands its result to {@code onDurable} and
     * completes the stage; a failed write fails the stage and never reaches {@code onDurable}.
     */
    private <T> CompletionStage<T> onWriter(String roomId, Supplier<T> write, Consumer<T> onDurable) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Runnable task = () -> {
            T result;
            try {
                result = write.get();
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
                return;
            }
            try {
                onDurable.accept(result);
            } catch (RuntimeException e) {
                log.error("a callback after a Mongo write failed", e);
                outcome.completeExceptionally(e);
                return;
            }
            outcome.complete(result);
        };
        try {
            writers[Math.floorMod(roomId.hashCode(), WRITERS)].execute(task);
        } catch (RejectedExecutionException e) {
            outcome.completeExceptionally(new StoreException("the store is closed", e));
        }
        return outcome;
    }

    private Appended insert(NewMessage m) {
        while (true) {
            long next = lastSeq.computeIfAbsent(m.roomId(), this::readLastSeq) + 1;
            Message message = m.withSeq(next);
            try {
                // Insert first: the unique (roomId, authorId, clientId) index makes a retry
                // fail here, so the common case costs one round trip.
                messages.insertOne(toDocument(message));
                lastSeq.put(m.roomId(), next);
                return new Appended(message, true);
            } catch (RuntimeException e) {
                if (Docs.isDuplicateOn(e, CLIENT_ID_INDEX)) {
                    Optional<Message> existing = byClientId(m);
                    if (existing.isPresent()) {
                        return new Appended(existing.get(), false);
                    }
                } else if (!Docs.isDuplicateOn(e, SEQ_INDEX)) {
                    lastSeq.remove(m.roomId()); // the insert may or may not have happened
                    throw e;
                }
                // Another writer (another node) took this seq: read the last one again.
                seqCollisions.incrementAndGet();
                lastSeq.remove(m.roomId());
            }
        }
    }

    @Override
    public CompletionStage<Changed> change(
            String roomId, String messageId, UnaryOperator<Message> change, Consumer<Changed> onDurable) {
        return onWriter(roomId, () -> applyChange(roomId, messageId, change), onDurable);
    }

    private Changed applyChange(String roomId, String messageId, UnaryOperator<Message> change) {
        while (true) {
            Optional<Message> current = find(roomId, messageId);
            if (current.isEmpty()) {
                return new Changed(null, false);
            }
            Message next = change.apply(current.get());
            if (next == current.get()) {
                return new Changed(next, false);
            }
            Message stored = next.withRev(claimRev(roomId, messageId));
            Bson unchangedSince = current.get().rev() == 0
                    ? exists("rev", false)
                    : eq("rev", current.get().rev());
            long matched = messages.updateOne(
                            and(eq("_id", messageId), unchangedSince),
                            Updates.combine(
                                    Updates.set("body", stored.body()),
                                    MongoMessageSearch.wordsUpdate(stored),
                                    Updates.set("rev", stored.rev()),
                                    Updates.set("editedAt", date(stored.editedAt())),
                                    Updates.set("deletedAt", date(stored.deletedAt())),
                                    Updates.set("replyToId", stored.replyToId()),
                                    stored.mentions().isEmpty()
                                            ? Updates.unset("mentions")
                                            : Updates.set("mentions", stored.mentions()),
                                    Updates.set("reactions", reactionDocuments(stored.reactions()))))
                    .getMatchedCount();
            if (matched > 0) {
                return new Changed(stored, true);
            }
            // Another node changed the message after we read it: change its newer state.
        }
    }

    /** Takes the room's next rev by insert, as {@link #insert} takes the next seq. */
    private long claimRev(String roomId, String messageId) {
        while (true) {
            long next = lastRev.computeIfAbsent(roomId, this::readLastRev) + 1;
            try {
                changes.insertOne(
                        new Document("roomId", roomId).append("rev", next).append("messageId", messageId));
                lastRev.put(roomId, next);
                return next;
            } catch (RuntimeException e) {
                lastRev.remove(roomId);
                if (!Docs.isDuplicateOn(e, REV_INDEX)) {
                    throw e;
                }
            }
        }
    }

    private long readLastRev(String roomId) {
        return highestRev(changes, eq("roomId", roomId));
    }

    private static long highestRev(MongoCollection<Document> collection, Bson filter) {
        Document last = collection
                .find(filter)
                .sort(Sorts.descending("rev"))
                .projection(Projections.include("rev"))
                .limit(1)
                .first();
        return last == null ? 0 : ((Number) last.get("rev")).longValue();
    }

    @Override
    public Optional<Message> find(String roomId, String messageId) {
        return Optional.ofNullable(messages.find(and(eq("_id", messageId), eq("roomId", roomId)))
                        .first())
                .map(MongoMessageStore::map);
    }

    @Override
    public List<Message> findByIds(String roomId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return messages.find(and(in("_id", ids), eq("roomId", roomId)))
                .map(MongoMessageStore::map)
                .into(new ArrayList<>());
    }

    @Override
    public List<Message> changedAfter(String roomId, long afterRev, long maxSeq, int limit) {
        return messages.find(and(eq("roomId", roomId), exists("rev"), gt("rev", afterRev), lte("seq", maxSeq)))
                .sort(Sorts.ascending("rev"))
                .limit(limit)
                .map(MongoMessageStore::map)
                .into(new ArrayList<>());
    }

    /**
     * From the messages, not from the claims: a claimed rev whose message is not written yet must
     * not move a client's cursor past it.
     */
    @Override
    public long latestRev(String roomId) {
        return highestRev(messages, and(eq("roomId", roomId), exists("rev")));
    }

    @Override
    public long countMentions(String roomId, String userId, long afterSeq) {
        return messages.countDocuments(and(eq("mentions", userId), eq("roomId", roomId), gt("seq", afterSeq)));
    }

    private static java.util.Date date(java.time.Instant instant) {
        return instant == null ? null : Docs.date(instant);
    }

    private static List<Document> reactionDocuments(List<Message.Reaction> reactions) {
        return reactions.stream()
                .map(r -> new Document("emoji", r.emoji()).append("userIds", r.userIds()))
                .toList();
    }

    /** How many inserts lost their seq to another writer and were retried with the next one. */
    public long seqCollisions() {
        return seqCollisions.get();
    }

    /** Finishes the appends already queued, then stops the writer threads. */
    void close() {
        for (ExecutorService writer : writers) {
            writer.shutdown();
        }
        for (ExecutorService writer : writers) {
            try {
                writer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long readLastSeq(String roomId) {
        Document last = messages.find(eq("roomId", roomId))
                .sort(Sorts.descending("seq"))
                .projection(Projections.include("seq"))
                .limit(1)
                .first();
        return last == null ? 0 : ((Number) last.get("seq")).longValue();
    }

    private Optional<Message> byClientId(NewMessage m) {
        return Optional.ofNullable(messages.find(and(
                                eq("roomId", m.roomId()), eq("authorId", m.authorId()), eq("clientId", m.clientId())))
                        .first())
                .map(MongoMessageStore::map);
    }

    @Override
    public List<Message> before(String roomId, long beforeSeq, int limit) {
        List<Message> page = messages.find(and(eq("roomId", roomId), lt("seq", beforeSeq)))
                .sort(Sorts.descending("seq"))
                .limit(limit)
                .map(MongoMessageStore::map)
                .into(new ArrayList<>());
        Collections.reverse(page);
        return page;
    }

    @Override
    public List<Message> after(String roomId, long afterSeq, int limit) {
        return messages.find(and(eq("roomId", roomId), gt("seq", afterSeq)))
                .sort(Sorts.ascending("seq"))
                .limit(limit)
                .map(MongoMessageStore::map)
                .into(new ArrayList<>());
    }

    @Override
    public Optional<Message> latest(String roomId) {
        return Optional.ofNullable(messages.find(eq("roomId", roomId))
                        .sort(Sorts.descending("seq"))
                        .limit(1)
                        .first())
                .map(MongoMessageStore::map);
    }

    @Override
    public long count() {
        // From the collection's metadata: counting every document would scan the largest collection.
        return messages.estimatedDocumentCount();
    }

    private static Document toDocument(Message m) {
        Document d = new Document("_id", m.id())
                .append("roomId", m.roomId())
                .append("seq", m.seq())
                .append("authorId", m.authorId())
                .append("clientId", m.clientId())
                .append("kind", m.kind().wire())
                .append("body", m.body())
                .append("createdAt", Docs.date(m.createdAt()));
        if (m.replyToId() != null) {
            d.append("replyToId", m.replyToId());
        }
        if (!m.mentions().isEmpty()) {
            d.append("mentions", m.mentions());
        }
        if (m.kind() == Message.Kind.TEXT) {
            d.append(MongoMessageSearch.WORDS, MongoMessageSearch.words(m.body()));
        }
        return d;
    }

    static Message map(Document d) {
        return new Message(
                d.getString("_id"),
                d.getString("roomId"),
                ((Number) d.get("seq")).longValue(),
                d.getString("authorId"),
                d.getString("clientId"),
                Message.Kind.fromWire(d.getString("kind")),
                d.getString("body"),
                Docs.instant(d, "createdAt"),
                d.get("rev") == null ? 0 : ((Number) d.get("rev")).longValue(),
                d.get("editedAt") == null ? null : Docs.instant(d, "editedAt"),
                d.get("deletedAt") == null ? null : Docs.instant(d, "deletedAt"),
                d.getString("replyToId"),
                d.getList("mentions", String.class),
                reactions(d.getList("reactions", Document.class)));
    }

    private static List<Message.Reaction> reactions(List<Document> docs) {
        if (docs == null) {
            return List.of();
        }
        return docs.stream()
                .map(r -> new Message.Reaction(r.getString("emoji"), r.getList("userIds", String.class)))
                .toList();
    }
}
