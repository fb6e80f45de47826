package io.friendchat.server.metrics;

import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.message.NewMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** A {@link MessageStore} that counts new messages and times each append until it is durable. */
final class TimedMessageStore implements MessageStore {
    private final MessageStore store;
    private final Timer writes;
    private final Counter text;
    private final Counter system;

    TimedMessageStore(MessageStore store, Timer writes, Counter text, Counter system) {
        this.store = store;
        this.writes = writes;
        this.text = text;
        this.system = system;
    }

    @Override
    public long count() {
        return store.count();
    }

    @Override
    public CompletionStage<Appended> append(NewMessage message, Consumer<Appended> onDurable) {
        long start = System.nanoTime();
        return store.append(message, appended -> {
            writes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (appended.created()) {
                (message.kind() == Message.Kind.SYSTEM ? system : text).increment();
            }
            onDurable.accept(appended);
        });
    }

    @Override
    public List<Message> before(String roomId, long beforeSeq, int limit) {
        return store.before(roomId, beforeSeq, limit);
    }

    @Override
    public List<Message> after(String roomId, long afterSeq, int limit) {
        return store.after(roomId, afterSeq, limit);
    }

    @Override
    public Optional<Message> latest(String roomId) {
        return store.latest(roomId);
    }

    @Override
    public Optional<Message> find(String roomId, String messageId) {
        return store.find(roomId, messageId);
    }

    @Override
    public List<Message> findByIds(String roomId, Collection<String> ids) {
        return store.findByIds(roomId, ids);
    }

    @Override
    public CompletionStage<Changed> change(
            String roomId, String messageId, UnaryOperator<Message> change, Consumer<Changed> onDurable) {
        return store.change(roomId, messageId, change, onDurable);
    }

    @Override
    public List<Message> changedAfter(String roomId, long afterRev, long maxSeq, int limit) {
        return store.changedAfter(roomId, afterRev, maxSeq, limit);
    }

    @Override
    public long latestRev(String roomId) {
        return store.latestRev(roomId);
    }

    @Override
    public long countMentions(String roomId, String userId, long afterSeq) {
        return store.countMentions(roomId, userId, afterSeq);
    }
}
