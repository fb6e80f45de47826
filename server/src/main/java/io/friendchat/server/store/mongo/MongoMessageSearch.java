package io.friendchat.server.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.regex;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.friendchat.server.message.Message;
import io.friendchat.server.search.MessageSearch;
import io.friendchat.server.search.Words;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Search on MongoDB without Atlas Search and without {@code $text}: each text message stores
 * the distinct lower-case words of its body in {@code words} (written by {@link
 * MongoMessageStore} in the same update as the body, and removed when the message is deleted),
 * under a multikey index. A query word is an anchored prefix regex ({@code ^word}), which
 * MongoDB answers from the index's bounds. {@code $text} was not chosen: it matches whole
 * stemmed words only (no "as you type" prefixes), and the in-process server the tests run on
 * does not implement it, while it does implement regexes over array elements.
 */
final class MongoMessageSearch implements MessageSearch {
    static final String WORDS = "words";
    /** The distinct words kept per message; a longer message is found by its first ones. */
    static final int MAX_WORDS = 1000;

    private static final String BACKFILL = "message_words_v1";

    private final MongoCollection<Document> messages;
    private final MongoCollection<Document> migrations;

    MongoMessageSearch(MongoDatabase database) {
        this.messages = database.getCollection("messages");
        this.migrations = database.getCollection("migrations");
    }

    /** The words index, and the words of messages stored before search existed (once). */
    void createIndexes() {
        messages.createIndex(
                Indexes.ascending(WORDS),
                new IndexOptions().name("messages_words").partialFilterExpression(exists(WORDS)));
        if (migrations.find(eq("_id", BACKFILL)).first() != null) {
            return;
        }
        for (Document d : messages.find(and(eq("kind", Message.Kind.TEXT.wire()), exists(WORDS, false)))) {
            if (d.get("deletedAt") == null) {
                messages.updateOne(eq("_id", d.get("_id")), Updates.set(WORDS, words(d.getString("body"))));
            }
        }
        try {
            migrations.insertOne(new Document("_id", BACKFILL));
        } catch (MongoWriteException e) {
            // Nodes of a cluster that start together each run the backfill, which only sets
            // words where they are missing; the first to finish records it, and that is enough.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    static List<String> words(String body) {
        List<String> words = new ArrayList<>(Words.distinct(body));
        return words.size() > MAX_WORDS ? words.subList(0, MAX_WORDS) : words;
    }

    /** The update that keeps {@code words} in step with a changed message. */
    static Bson wordsUpdate(Message m) {
        return m.kind() == Message.Kind.TEXT && !m.deleted()
                ? Updates.set(WORDS, words(m.body()))
                : Updates.unset(WORDS);
    }

    @Override
    public Page search(Collection<String> roomIds, List<String> terms, String before, int limit) {
        if (roomIds.isEmpty() || terms.isEmpty()) {
            return new Page(List.of(), null);
        }
        List<Bson> filters = new ArrayList<>();
        filters.add(in("roomId", roomIds));
        for (String term : terms) {
            // Words holds only letters and digits: nothing in a term is a regex metacharacter.
            filters.add(regex(WORDS, "^" + term));
        }
        filters.add(eq("deletedAt", null)); // deleted messages have no words either
        if (before != null) {
            filters.add(lt("_id", before));
        }
        List<Message> found = new ArrayList<>();
        for (Document d :
                messages.find(and(filters)).sort(Sorts.descending("_id")).limit(limit)) {
            found.add(MongoMessageStore.map(d));
        }
        String next = found.size() < limit ? null : found.get(found.size() - 1).id();
        return new Page(found, next);
    }
}
