package io.friendchat.server.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.friendchat.server.account.User;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.common.Ids;
import io.friendchat.server.common.InvalidException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Appends messages and turns stored messages into what clients see. */
public final class MessageService {
    public static final int MAX_PAGE = 100;
    public static final int MAX_CATCH_UP_PAGE = 1000;
    public static final int MAX_TEXT = 4000;
    public static final int MAX_CLIENT_ID = 64;
    private static final int LOCK_STRIPES = 256;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final MessageStore messages;
    private final UserStore users;
    private final ObjectMapper json;
    private final Clock clock;
    private final ReentrantLock[] roomLocks = new ReentrantLock[LOCK_STRIPES];
    private volatile Consumer<MessageView> publisher = message -> {};

    public MessageService(MessageStore messages, UserStore users, ObjectMapper json, Clock clock) {
        this.messages = messages;
        this.users = users;
        this.json = json;
        this.clock = clock;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            roomLocks[i] = new ReentrantLock();
        }
    }

    /**
     * Set once at wiring time by the real-time gateway: called for every newly stored message,
     * in seq order per room (it runs while the room's append lock is held, so it must not block).
     */
    public void onStored(Consumer<MessageView> publisher) {
        this.publisher = publisher;
    }

    /** A sent message, and whether this call stored it (false for a retry of a stored one). */
    public record Sent(MessageView message, boolean created) {}

    /**
     * Stores a text message from {@code author}, who must already be known to be a member. The
     * text is trimmed and otherwise kept exactly as typed. A retry with the same clientId returns
     * the stored message.
     */
    public Sent send(User author, String roomId, String clientId, String text) {
        if (clientId == null
                || clientId.isEmpty()
                || clientId.length() > MAX_CLIENT_ID
                || clientId.startsWith("sys:")) {
            throw new InvalidException("invalid_client_id", "clientId must have 1 to 64 characters.");
        }
        String body = text == null ? "" : text.strip();
        int length = body.codePointCount(0, body.length());
        if (length == 0 || length > MAX_TEXT) {
            throw new InvalidException("invalid_text", "A message has 1 to 4,000 characters.");
        }
        MessageStore.Appended appended = append(
                new NewMessage(Ids.newId(), roomId, author.id(), clientId, Message.Kind.TEXT, body, now()), author);
        return new Sent(view(appended.message(), author), appended.created());
    }

    /** Appends and, for a new message, publishes it before the room's next append can start. */
    private MessageStore.Appended append(NewMessage message, User author) {
        ReentrantLock lock = roomLocks[Math.floorMod(message.roomId().hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            MessageStore.Appended appended = messages.append(message);
            if (appended.created()) {
                publisher.accept(
                        author == null ? views(List.of(appended.message())).get(0) : view(appended.message(), author));
            }
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /** Stores a system message in the room's history and returns it as clients see it. */
    public MessageView appendSystem(String roomId, SystemEvent event) {
        String id = Ids.newId();
        String body;
        try {
            body = json.writeValueAsString(event.fields());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a system event did not serialize", e);
        }
        Message stored = append(new NewMessage(id, roomId, null, "sys:" + id, Message.Kind.SYSTEM, body, now()), null)
                .message();
        return view(stored, null);
    }

    /** Up to {@code limit} messages before {@code beforeSeq}, oldest first. */
    public List<MessageView> before(String roomId, long beforeSeq, int limit) {
        return views(messages.before(roomId, beforeSeq, limit));
    }

    /** Up to {@code limit} messages after {@code afterSeq}, oldest first. */
    public List<MessageView> after(String roomId, long afterSeq, int limit) {
        return views(messages.after(roomId, afterSeq, limit));
    }

    /** Resolves authors with one lookup for the whole page. */
    public List<MessageView> views(List<Message> page) {
        Set<String> authorIds = page.stream()
                .map(Message::authorId)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(HashSet::new));
        Map<String, User> authors =
                users.findByIds(authorIds).stream().collect(Collectors.toMap(User::id, Function.identity()));
        return page.stream().map(m -> view(m, authors.get(m.authorId()))).toList();
    }

    public MessageView view(Message m, User author) {
        boolean system = m.kind() == Message.Kind.SYSTEM;
        return new MessageView(
                m.id(),
                m.roomId(),
                m.seq(),
                m.kind().wire(),
                system ? null : m.body(),
                system ? parse(m.body()) : null,
                author == null ? null : MessageView.Author.of(author),
                system ? null : m.clientId(),
                m.createdAt());
    }

    private Map<String, Object> parse(String body) {
        try {
            return json.readValue(body, MAP);
        } catch (JsonProcessingException e) {
            return Map.of("type", "unknown");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
