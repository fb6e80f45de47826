package io.friendchat.server.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/** Small helpers for mapping records to documents. Values are always bound, never parsed. */
final class Docs {
    private Docs() {}

    static Instant instant(Document d, String field) {
        return d.getDate(field).toInstant();
    }

    static Date date(Instant instant) {
        return Date.from(instant);
    }

    /** Inserts {@code doc}; false, with nothing changed, when a unique index already holds its key. */
    static boolean insertUnlessDuplicate(com.mongodb.client.MongoCollection<Document> collection, Document doc) {
        try {
            collection.insertOne(doc);
            return true;
        } catch (RuntimeException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    static boolean isDuplicateKey(RuntimeException e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /** Which unique index a duplicate-key error names: the server puts the index name in the message. */
    static boolean isDuplicateOn(RuntimeException e, String indexName) {
        return isDuplicateKey(e) && String.valueOf(e.getMessage()).contains(indexName);
    }
}
