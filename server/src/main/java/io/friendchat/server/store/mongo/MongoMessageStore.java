package io.friendchat.server.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.store.StoreException;
import java.util.ArrayList;
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
import org.bson.Document;
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
 */
final class MongoMessageStore implements MessageStore {
    private static final String SEQ_INDEX = "messages_room_seq";
    private static final String CLIENT_ID_INDEX = "messages_room_author_client";
    private static final int WRITERS = 16;
    private static final Logger log = LoggerFactory.getLogger(MongoMessageStore.class);

    private final MongoCollection<Document> messages;
    private final MongoMemberStore members;
    private final ExecutorService[] writers = new ExecutorService[WRITERS];
    private final AtomicLong seqCollisions = new AtomicLong();
    /** roomId -> the highest seq this process knows of; only read or written by the room's writer. */
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();

    MongoMessageStore(MongoDatabase database, MongoMemberStore members) {
        this.messages = database.getCollection("messages");
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
    }

    @Override
    public CompletionStage<Appended> append(NewMessage m, Consumer<Appended> onDurable) {
        CompletableFuture<Appended> outcome = new CompletableFuture<>();
        try {
            writers[Math.floorMod(m.roomId().hashCode(), WRITERS)].execute(() -> appendOnWriter(m, onDurable, outcome));
        } catch (RejectedExecutionException e) {
            outcome.completeExceptionally(new StoreException("the store is closed", e));
        }
        return outcome;
    }

    private void appendOnWriter(NewMessage m, Consumer<Appended> onDurable, CompletableFuture<Appended> outcome) {
        Appended appended;
        try {
            appended = insert(m);
            if (appended.created() && m.authorId() != null) {
                members.advanceLastRead(
                        m.roomId(), m.authorId(), appended.message().seq());
            }
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
            return;
        }
        try {
            onDurable.accept(appended);
        } catch (RuntimeException e) {
            log.error("a callback after a Mongo append failed", e);
            outcome.completeExceptionally(e);
            return;
        }
        outcome.complete(appended);
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
        return new Document("_id", m.id())
                .append("roomId", m.roomId())
                .append("seq", m.seq())
                .append("authorId", m.authorId())
                .append("clientId", m.clientId())
                .append("kind", m.kind().wire())
                .append("body", m.body())
                .append("createdAt", Docs.date(m.createdAt()));
    }

    private static Message map(Document d) {
        return new Message(
                d.getString("_id"),
                d.getString("roomId"),
                ((Number) d.get("seq")).longValue(),
                d.getString("authorId"),
                d.getString("clientId"),
                Message.Kind.fromWire(d.getString("kind")),
                d.getString("body"),
                Docs.instant(d, "createdAt"));
    }
}
