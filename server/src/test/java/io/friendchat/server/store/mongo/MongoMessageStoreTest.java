package io.friendchat.server.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.common.Ids;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.store.MessageStoreContract;
import io.friendchat.server.testing.Backend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MongoMessageStoreTest extends MessageStoreContract {
    MongoMessageStoreTest() {
        super(Backend.MONGO);
    }

    /**
     * Two nodes of a cluster share one database: each store caches the last seq of a room, so the
     * other's appends make it collide on the unique (roomId, seq) index, and it must read again.
     */
    @Test
    void two_stores_on_one_database_appending_to_one_room_use_every_seq_exactly_once() throws Exception {
        MongoDataStore first = (MongoDataStore) store;
        MongoDataStore second = (MongoDataStore) target.open();
        try {
            int each = 150;
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (MongoDataStore node : List.of(first, second)) {
                String author = node == first ? "on-first" : "on-second";
                sending.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < each; i++) {
                        node.messages()
                                .append(new NewMessage(
                                        Ids.newId(),
                                        "r1",
                                        author,
                                        "c" + i,
                                        Message.Kind.TEXT,
                                        "m" + i,
                                        Instant.now().truncatedTo(ChronoUnit.MILLIS)));
                    }
                }));
            }
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get();

            List<Message> stored = store.messages().after("r1", 0, 1000);
            assertEquals(
                    LongStream.rangeClosed(1, 2L * each).boxed().toList(),
                    stored.stream().map(Message::seq).toList());
            // Each time the seqs go back to a store that had appended before, that store's
            // cached seq was stale: its insert collided and was counted.
            int returns = 0;
            List<String> seen = new ArrayList<>(List.of(stored.get(0).authorId()));
            for (int i = 1; i < stored.size(); i++) {
                String author = stored.get(i).authorId();
                if (!author.equals(stored.get(i - 1).authorId()) && seen.contains(author)) {
                    returns++;
                }
                if (!seen.contains(author)) {
                    seen.add(author);
                }
            }
            assertTrue(
                    first.seqCollisions() + second.seqCollisions() >= returns,
                    "collisions " + (first.seqCollisions() + second.seqCollisions()) + ", returns " + returns);
        } finally {
            second.close();
        }
    }
}
