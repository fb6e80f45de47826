package io.friendchat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.friendchat.server.common.Ids;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageStore.Appended;
import io.friendchat.server.message.MessageStore.Changed;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.testing.Backend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
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

    private static final Instant LATER = Instant.parse("2026-01-02T03:04:05.678Z");

    private Message sendWith(String roomId, String author, String body, String replyToId, List<String> mentions) {
        return store.messages()
                .append(new NewMessage(
                        Ids.newId(),
                        roomId,
                        author,
                        Ids.newId(),
                        Message.Kind.TEXT,
                        body,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS),
                        replyToId,
                        mentions))
                .message();
    }

    private Changed change(Message m, UnaryOperator<Message> change) {
        return store.messages().change(m.roomId(), m.id(), change);
    }

    private Changed edit(Message m, String body) {
        return change(m, current -> current.withEdit(body, List.of(), LATER));
    }

    private static List<Long> revs(List<Message> messages) {
        return messages.stream().map(Message::rev).toList();
    }

    @Test
    void changes_take_the_rooms_next_rev_with_no_gaps_per_room() {
        Message one = send("r1", "alice", "a", "one").message();
        Message two = send("r1", "bob", "b", "two").message();
        Message other = send("r2", "alice", "c", "other room").message();

        assertEquals(1, edit(one, "one, edited").message().rev());
        assertEquals(
                2,
                change(two, m -> m.withReactions(List.of(new Message.Reaction("👍", List.of("alice")))))
                        .message()
                        .rev());
        assertEquals(1, edit(other, "other, edited").message().rev());
        assertEquals(3, edit(one, "one, edited twice").message().rev());

        assertEquals(3, store.messages().latestRev("r1"));
        assertEquals(1, store.messages().latestRev("r2"));
        assertEquals(0, store.messages().latestRev("r3"));
        List<Message> changed = store.messages().changedAfter("r1", 0, Long.MAX_VALUE, 100);
        assertEquals(
                List.of(two.id(), one.id()), changed.stream().map(Message::id).toList());
        assertEquals(List.of(2L, 3L), revs(changed));
        assertEquals("one, edited twice", changed.get(1).body());
        assertEquals(List.of(3L), revs(store.messages().changedAfter("r1", 2, Long.MAX_VALUE, 100)));
        assertEquals(
                1, store.messages().changedAfter("r1", 0, Long.MAX_VALUE, 1).size());
    }

    @Test
    void catch_up_of_changes_leaves_out_messages_after_the_given_seq() {
        Message one = send("r1", "alice", "a", "one").message();
        Message two = send("r1", "alice", "b", "two").message();
        edit(two, "two, edited");
        edit(one, "one, edited");

        assertEquals(
                List.of(one.id()),
                store.messages().changedAfter("r1", 0, 1, 100).stream()
                        .map(Message::id)
                        .toList());
    }

    @Test
    void a_change_that_changes_nothing_takes_no_rev() {
        Message one = send("r1", "alice", "a", "one").message();

        Changed unchanged = change(one, m -> m);

        assertFalse(unchanged.changed());
        assertEquals(one, unchanged.message());
        assertEquals(0, store.messages().latestRev("r1"));
        assertEquals(1, edit(one, "now changed").message().rev());
    }

    @Test
    void a_refused_change_stores_nothing_and_takes_no_rev() {
        Message one = send("r1", "alice", "a", "one").message();
        IllegalStateException refusal = new IllegalStateException("refused");

        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> change(one, m -> {
                    throw refusal;
                }));

        assertSame(refusal, thrown);
        assertEquals(one, store.messages().find("r1", one.id()).orElseThrow());
        assertEquals(0, store.messages().latestRev("r1"));
        assertEquals(1, edit(one, "accepted").message().rev());
    }

    @Test
    void changing_a_missing_message_reports_none() {
        send("r1", "alice", "a", "one");

        Changed changed = store.messages().change("r1", Ids.newId(), m -> m.withDeletion(LATER));

        assertNull(changed.message());
        assertFalse(changed.changed());
        assertEquals(0, store.messages().latestRev("r1"));
    }

    @Test
    void a_message_is_found_only_in_its_own_room() {
        Message one = send("r1", "alice", "a", "one").message();
        Message two = send("r1", "alice", "b", "two").message();
        Message other = send("r2", "alice", "c", "other").message();

        assertEquals(one, store.messages().find("r1", one.id()).orElseThrow());
        assertTrue(store.messages().find("r2", one.id()).isEmpty());
        assertEquals(
                Set.of(one.id(), two.id()),
                new HashSet<>(store.messages().findByIds("r1", List.of(one.id(), two.id(), other.id())).stream()
                        .map(Message::id)
                        .toList()));
        assertTrue(store.messages().findByIds("r1", List.of()).isEmpty());
    }

    @Test
    void edits_deletions_reactions_replies_and_mentions_are_stored_and_survive_a_restart() {
        Message quoted = send("r1", "alice", "a", "quoted").message();
        Message reply = sendWith("r1", "bob", "@alice yes", quoted.id(), List.of("alice"));
        Message edited = send("r1", "carol", "c", "typo").message();
        Message reacted = send("r1", "carol", "d", "nice").message();
        edit(edited, "fixed");
        change(
                reacted,
                m -> m.withReactions(List.of(
                        new Message.Reaction("👍", List.of("alice", "bob")),
                        new Message.Reaction("👩‍💻", List.of("carol")))));
        change(quoted, m -> m.withDeletion(LATER));

        reopen();

        Message storedReply = store.messages().find("r1", reply.id()).orElseThrow();
        assertEquals(quoted.id(), storedReply.replyToId());
        assertEquals(List.of("alice"), storedReply.mentions());
        assertEquals(0, storedReply.rev());
        Message storedEdit = store.messages().find("r1", edited.id()).orElseThrow();
        assertEquals("fixed", storedEdit.body());
        assertEquals(LATER, storedEdit.editedAt());
        Message storedReactions = store.messages().find("r1", reacted.id()).orElseThrow();
        assertEquals(
                List.of(
                        new Message.Reaction("👍", List.of("alice", "bob")),
                        new Message.Reaction("👩‍💻", List.of("carol"))),
                storedReactions.reactions());
        Message storedDeletion = store.messages().find("r1", quoted.id()).orElseThrow();
        assertTrue(storedDeletion.deleted());
        assertEquals(LATER, storedDeletion.deletedAt());
        assertEquals("", storedDeletion.body());
        assertEquals(3, storedDeletion.rev());
        assertEquals(storedDeletion, store.messages().after("r1", 0, 10).get(0));
        assertEquals(4, edit(storedEdit, "fixed again").message().rev());
    }

    @Test
    void mentions_are_counted_after_a_seq_and_follow_edits_and_deletions() {
        Message first = sendWith("r1", "alice", "@bob hi", null, List.of("bob"));
        Message second = sendWith("r1", "alice", "@bob @carol hi", null, List.of("bob", "carol"));
        sendWith("r2", "alice", "@bob elsewhere", null, List.of("bob"));

        assertEquals(2, store.messages().countMentions("r1", "bob", 0));
        assertEquals(1, store.messages().countMentions("r1", "bob", first.seq()));
        assertEquals(1, store.messages().countMentions("r1", "carol", 0));
        assertEquals(0, store.messages().countMentions("r1", "alice", 0));

        change(first, m -> m.withEdit("hi all", List.of(), LATER));
        change(second, m -> m.withDeletion(LATER));

        assertEquals(0, store.messages().countMentions("r1", "bob", 0));
        assertEquals(0, store.messages().countMentions("r1", "carol", 0));
        assertEquals(1, store.messages().countMentions("r2", "bob", 0));
    }

    @Test
    void concurrent_changes_get_every_rev_exactly_once() throws Exception {
        List<Message> targets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            targets.add(send("r1", "alice", "m" + i, "message " + i).message());
        }
        int threads = 8;
        int perThread = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                Message target = targets.get(t % targets.size());
                String text = "edit by " + t;
                results.add(pool.submit(() -> {
                    List<Long> got = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        got.add(edit(target, text + " #" + i).message().rev());
                    }
                    return got;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get());
            }
            assertEquals(
                    LongStream.rangeClosed(1, threads * perThread).boxed().collect(java.util.stream.Collectors.toSet()),
                    all);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, store.messages().latestRev("r1"));
    }
}
