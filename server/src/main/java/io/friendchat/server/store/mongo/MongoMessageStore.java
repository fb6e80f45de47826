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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;

/**
 * Seqs are assigned by insert, not by a counter: read the room's highest seq, insert the next,
 * and on a duplicate {@code (roomId, seq)} (another node won) read again. A counter can be
 * incremented and then lost in a crash before the insert, leaving a gap; this cannot. Appends
 * to one room are serialised in this process so that they seldom collide, and the last seq of
 * each room is remembered under that lock, so that an append costs no extra query.
 */
final class MongoMessageStore implements MessageStore {
    private static final String SEQ_INDEX = "messages_room_seq";
    private static final String CLIENT_ID_INDEX = "messages_room_author_client";
    private static final int LOCK_STRIPES = 64;

    private final MongoCollection<Document> messages;
    private final MongoMemberStore members;
    private final ReentrantLock[] stripes = new ReentrantLock[LOCK_STRIPES];
    /** roomId -> the highest seq this process knows of; only read or written under the room's lock. */
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();

    MongoMessageStore(MongoDatabase database, MongoMemberStore members) {
        this.messages = database.getCollection("messages");
        this.members = members;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            stripes[i] = new ReentrantLock();
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
    public Appended append(NewMessage m) {
        Appended appended = insert(m);
        if (appended.created() && m.authorId() != null) {
            // After the room's lock is released: it guards seqs only. The author's marker is
            // raised before the caller acknowledges the message.
            members.advanceLastRead(m.roomId(), m.authorId(), appended.message().seq());
        }
        return appended;
    }

    private Appended insert(NewMessage m) {
        ReentrantLock lock = stripes[Math.floorMod(m.roomId().hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
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
                        throw e;
                    }
                    // Another writer (another node) took this seq: read the last one again.
                    lastSeq.remove(m.roomId());
                }
            }
        } finally {
            lock.unlock();
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
