package io.friendchat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.common.Ids;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageStore.Appended;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.testing.Backend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

public abstract class MessageStoreContract extends StoreContract {
    protected MessageStoreContract(Backend backend) {
        super(backend);
    }

    private Appended send(String roomId, String author, String clientId, String body) {
        return store.messages()
                .append(new NewMessage(
                        Ids.newId(),
                        roomId,
                        author,
                        clientId,
                        Message.Kind.TEXT,
                        body,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    }

    private static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::seq).toList();
    }

    @Test
    void seqs_start_at_one_and_count_up_per_room() {
        assertEquals(1, send("r1", "alice", "a", "one").message().seq());
        assertEquals(2, send("r1", "bob", "b", "two").message().seq());
        assertEquals(1, send("r2", "alice", "c", "other room").message().seq());
        assertEquals(3, send("r1", "alice", "d", "three").message().seq());

        assertEquals(List.of(1L, 2L, 3L), seqs(store.messages().after("r1", 0, 100)));
    }

    @Test
    void retried_send_is_stored_once() {
        Appended first = send("r1", "alice", "client-1", "hello");
        Appended retry = send("r1", "alice", "client-1", "hello");

        assertTrue(first.created());
        assertFalse(retry.created());
        assertEquals(first.message(), retry.message());
        assertEquals(1, store.messages().after("r1", 0, 100).size());
        assertEquals(
                2,
                send("r1", "bob", "client-1", "same client id, other author")
                        .message()
                        .seq());
    }

    @Test
    void concurrent_senders_get_every_seq_exactly_once() throws Exception {
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String author = "user" + t;
                senders.add(() -> {
                    for (int i = 0; i < perThread; i++) {
                        send("r1", author, "c" + i, "m" + i);
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(senders)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> expected =
                LongStream.rangeClosed(1, threads * perThread).boxed().toList();
        assertEquals(expected, seqs(store.messages().after("r1", 0, 1000)));
    }

    @Test
    void pages_come_in_ascending_order_before_and_after_a_seq() {
        for (int i = 1; i <= 10; i++) {
            send("r1", "alice", "c" + i, "message " + i);
        }

        assertEquals(List.of(8L, 9L, 10L), seqs(store.messages().before("r1", Long.MAX_VALUE, 3)));
        assertEquals(List.of(4L, 5L, 6L), seqs(store.messages().before("r1", 7, 3)));
        assertEquals(List.of(1L, 2L), seqs(store.messages().before("r1", 3, 50)));
        assertEquals(List.of(8L, 9L, 10L), seqs(store.messages().after("r1", 7, 50)));
        assertEquals(10, store.messages().latest("r1").orElseThrow().seq());
        assertEquals("message 10", store.messages().latest("r1").orElseThrow().body());
        assertTrue(store.messages().latest("empty-room").isEmpty());
    }

    @Test
    void system_messages_have_no_author_and_keep_their_text() {
        String body = "<img src=x onerror=alert(1)> joined";
        Appended appended = store.messages()
                .append(new NewMessage(
                        Ids.newId(),
                        "r1",
                        null,
                        "sys:1",
                        Message.Kind.SYSTEM,
                        body,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS)));

        Message stored = store.messages().after("r1", 0, 10).get(0);
        assertEquals(appended.message(), stored);
        assertEquals(Message.Kind.SYSTEM, stored.kind());
        assertEquals(body, stored.body());
        assertEquals(null, stored.authorId());
    }

    @Test
    void messages_survive_reopening_the_store_and_seqs_continue() {
        send("r1", "alice", "a", "before restart");

        reopen();

        assertEquals(2, send("r1", "alice", "b", "after restart").message().seq());
        assertEquals(
                List.of("before restart", "after restart"),
                store.messages().after("r1", 0, 10).stream().map(Message::body).toList());
    }
}
