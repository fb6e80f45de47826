package io.friendchat.server.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.friendchat.server.account.User;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.common.Ids;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.room.Memberships;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Appends messages and turns stored messages into what clients see. Checks membership itself,
 * from {@link Memberships}, and never trusts its caller to have done so.
 */
public final class MessageService {
    public static final int MAX_PAGE = 100;
    public static final int MAX_CATCH_UP_PAGE = 1000;
    public static final int MAX_TEXT = 4000;
    public static final int MAX_CLIENT_ID = 64;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final MessageStore messages;
    private final UserStore users;
    private final ObjectMapper json;
    private final Memberships memberships;
    private final Clock clock;
    private volatile Consumer<MessageView> publisher = message -> {};
    private volatile Consumer<MessageView> republisher = message -> {};
    private volatile BiConsumer<String, String> sendCheck = (userId, roomId) -> {};

    public MessageService(
            MessageStore messages, UserStore users, Memberships memberships, ObjectMapper json, Clock clock) {
        this.messages = messages;
        this.users = users;
        this.memberships = memberships;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Set once at wiring time by the real-time gateway: called for every newly stored message,
     * in seq order per room, once it is durable (on the store's thread, so it must not block).
     */
    public void onStored(Consumer<MessageView> publisher) {
        this.publisher = publisher;
    }

    /**
     * Set once at wiring time in cluster mode: called when a retried send finds its message
     * already stored, so that a node that died between storing and publishing loses nothing.
     */
    public void onRetried(Consumer<MessageView> republisher) {
        this.republisher = republisher;
    }

    /**
     * Set once at wiring time: a further check of each send by {@code (authorId, roomId)}, after
     * the membership check, that refuses by throwing (a direct message whose person blocked you).
     */
    public void checkSends(BiConsumer<String, String> check) {
        this.sendCheck = check;
    }

    /** A sent message, and whether this call stored it (false for a retry of a stored one). */
    public record Sent(MessageView message, boolean created) {}

    /**
     * Stores a text message from {@code author}, a member of the room (otherwise {@code
     * room_not_found}). The text is trimmed and otherwise kept exactly as typed. A retry with the
     * same clientId reports the stored message and hands it to {@link #onRetried} only.
     *
     * <p>Nothing waits for the disk: once the message is durable, {@code acknowledge} gets it,
     * then the message is published to the room, then the returned stage completes. Messages of
     * one room are acknowledged and published in seq order, and a caller's sends to one room are
     * stored in the order of the calls. A send that fails to store is never acknowledged nor
     * published: its stage fails. Bad input and non-members are refused by a thrown exception,
     * before anything is stored.
     */
    public CompletionStage<Sent> send(
            User author, String roomId, String clientId, String text, Consumer<Sent> acknowledge) {
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
        memberships.requireMember(roomId, author.id());
        sendCheck.accept(author.id(), roomId);
        NewMessage message = new NewMessage(Ids.newId(), roomId, author.id(), clientId, Message.Kind.TEXT, body, now());
        CompletableFuture<Sent> sent = new CompletableFuture<>();
        messages.append(message, appended -> {
                    Sent result = new Sent(view(appended.message(), author), appended.created());
                    acknowledge.accept(result);
                    if (appended.created()) {
                        publisher.accept(result.message());
                    } else {
                        republisher.accept(result.message());
                    }
                    sent.complete(result);
                })
                .whenComplete((appended, failure) -> {
                    if (failure != null) {
                        sent.completeExceptionally(failure);
                    }
                });
        return sent;
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
        NewMessage message = new NewMessage(id, roomId, null, "sys:" + id, Message.Kind.SYSTEM, body, now());
        Message stored = await(messages.append(message, appended -> {
                    if (appended.created()) {
                        publisher.accept(view(appended.message(), null));
                    }
                }))
                .message();
        return view(stored, null);
    }

    /** Up to {@code limit} messages before {@code beforeSeq}, oldest first, for a member of the room. */
    public List<MessageView> before(String userId, String roomId, long beforeSeq, int limit) {
        memberships.requireMember(roomId, userId);
        return views(messages.before(roomId, beforeSeq, limit));
    }

    /** Up to {@code limit} messages after {@code afterSeq}, oldest first, for a member of the room. */
    public List<MessageView> after(String userId, String roomId, long afterSeq, int limit) {
        memberships.requireMember(roomId, userId);
        return views(messages.after(roomId, afterSeq, limit));
    }

    /**
     * Up to {@code limit} messages of the room after {@code afterSeq}, oldest first, with no
     * membership check: for the server's own delivery (filling a gap between nodes), never for
     * a client's request.
     */
    public List<MessageView> range(String roomId, long afterSeq, int limit) {
        return views(messages.after(roomId, afterSeq, limit));
    }

    /** The seq of the room's latest message, 0 when it has none. */
    public long latestSeq(String roomId) {
        return messages.latest(roomId).map(Message::seq).orElse(0L);
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

    /** Waits for a stage, throwing what failed it as it was thrown. */
    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
