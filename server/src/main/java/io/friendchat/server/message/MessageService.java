package io.friendchat.server.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.friendchat.server.account.User;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.common.ConflictException;
import io.friendchat.server.common.ForbiddenException;
import io.friendchat.server.common.Ids;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.NotFoundException;
import io.friendchat.server.room.Memberships;
import io.friendchat.server.room.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    public static final int MAX_REACTIONS = 20;
    public static final int MAX_EXCERPT = 200;
    /** Mentions resolved per message at most; further {@code @names} stay plain text. */
    public static final int MAX_MENTIONS = 20;
    /** {@code @username}: usernames are 3-32 letters, digits, _, - or .; not inside a word or an email. */
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.@-])@([\\p{L}\\p{N}_.-]{3,32})");

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final MessageStore messages;
    private final UserStore users;
    private final ObjectMapper json;
    private final Memberships memberships;
    private final Clock clock;
    private volatile Consumer<MessageView> publisher = message -> {};
    private volatile Consumer<MessageView> republisher = message -> {};
    private volatile Consumer<MessageView> changePublisher = message -> {};
    private volatile BiConsumer<String, String> sendCheck = (userId, roomId) -> {};
    private volatile Attachments attachments = Attachments.NONE;

    public MessageService(
            MessageStore messages, UserStore users, Memberships memberships, ObjectMapper json, Clock clock) {
        this.messages = messages;
        this.users = users;
        this.memberships = memberships;
        this.json = json;
        this.clock = clock;
    }

    /** Set once at wiring time: the files that messages carry (none until then). */
    public void attachments(Attachments files) {
        this.attachments = files;
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
     * Set once at wiring time by the real-time gateway: called for every durable change to an
     * existing message, in rev order per room (on the store's thread, so it must not block).
     */
    public void onChanged(Consumer<MessageView> changePublisher) {
        this.changePublisher = changePublisher;
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
        return send(author, roomId, clientId, text, null, acknowledge);
    }

    /**
     * As {@link #send(User, String, String, String, Consumer)}, quoting the message {@code
     * replyToId} of the same room (null for none), which must exist and not be deleted, else
     * {@code invalid_reply}. {@code @username}s of the room's members become the message's
     * mentions; text without an {@code @} costs no lookup.
     */
    public CompletionStage<Sent> send(
            User author, String roomId, String clientId, String text, String replyToId, Consumer<Sent> acknowledge) {
        return send(author, roomId, clientId, text, replyToId, null, acknowledge);
    }

    /**
     * As {@link #send(User, String, String, String, String, Consumer)}, carrying the file {@code
     * fileId} (null for none) that the author uploaded to the room; with a file the text may be
     * empty.
     */
    public CompletionStage<Sent> send(
            User author,
            String roomId,
            String clientId,
            String text,
            String replyToId,
            String fileId,
            Consumer<Sent> acknowledge) {
        if (clientId == null
                || clientId.isEmpty()
                || clientId.length() > MAX_CLIENT_ID
                || clientId.startsWith("sys:")) {
            throw new InvalidException("invalid_client_id", "clientId must have 1 to 64 characters.");
        }
        String body = fileId != null && (text == null || text.isBlank()) ? "" : checkText(text);
        memberships.requireMember(roomId, author.id());
        sendCheck.accept(author.id(), roomId);
        MessageView.Quote quote = replyToId == null ? null : quoteForReply(roomId, replyToId);
        String messageId = Ids.newId();
        Object attachment =
                fileId == null ? null : attachments.attach(author.id(), roomId, fileId, messageId, clientId);
        NewMessage message = new NewMessage(
                messageId,
                roomId,
                author.id(),
                clientId,
                Message.Kind.TEXT,
                body,
                now(),
                replyToId,
                mentions(roomId, body));
        CompletableFuture<Sent> sent = new CompletableFuture<>();
        messages.append(message, appended -> {
                    Sent result = new Sent(
                            quote != null || appended.message().replyToId() == null
                                    ? view(appended.message(), author, quote, attachment)
                                    : view(appended.message(), author),
                            appended.created());
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

    /**
     * Replaces the text of {@code actor}'s own text message (else {@code forbidden}), unless it
     * is deleted ({@code message_deleted}); its mentions are resolved again. As for a send,
     * nothing waits for the disk: once the change is durable {@code acknowledge} gets the
     * message, then it is published with {@link #onChanged}, then the stage completes. Bad input
     * throws before anything is stored, or fails the stage when the message changed meanwhile.
     */
    public CompletionStage<MessageView> edit(
            User actor, String roomId, String messageId, String text, Consumer<MessageView> acknowledge) {
        String body = checkText(text);
        memberships.requireMember(roomId, actor.id());
        Message current = find(roomId, messageId);
        List<String> mentioned = body.equals(current.body()) ? current.mentions() : mentions(roomId, body);
        Instant at = now();
        return change(actor, current, acknowledge, m -> {
            if (m.kind() != Message.Kind.TEXT || !actor.id().equals(m.authorId())) {
                throw new ForbiddenException("forbidden", "Only its author can edit a message.");
            }
            requireNotDeleted(m);
            return m.withEdit(body, mentioned, at);
        });
    }

    /**
     * Deletes a message: its author may, and so may the room's owner and admins (moderation).
     * The text, the quote, the mentions and the reactions are gone from the store; the message
     * keeps its place. Deleting a deleted message changes nothing. Ack and publication as for
     * {@link #edit}.
     */
    public CompletionStage<MessageView> delete(
            User actor, String roomId, String messageId, Consumer<MessageView> acknowledge) {
        memberships.requireMember(roomId, actor.id());
        Message current = find(roomId, messageId);
        boolean moderator = !actor.id().equals(current.authorId())
                && memberships
                        .roleOf(roomId, actor.id())
                        .filter(r -> r != Role.MEMBER)
                        .isPresent();
        Instant at = now();
        return change(actor, current, acknowledge, m -> {
            if (m.kind() != Message.Kind.TEXT || !(actor.id().equals(m.authorId()) || moderator)) {
                throw new ForbiddenException(
                        "forbidden", "Only its author, or the room's owner or an admin, can delete a message.");
            }
            return m.deleted() ? m : m.withDeletion(at);
        });
    }

    /**
     * Adds ({@code add}) or removes {@code actor}'s reaction {@code emoji} on a text message that
     * is not deleted. Idempotent: a reaction already there (or already gone) changes nothing.
     * {@code emoji} must be exactly one emoji ({@code invalid_emoji}); a message has at most
     * {@value #MAX_REACTIONS} distinct ones ({@code too_many_reactions}).
     */
    public CompletionStage<MessageView> react(
            User actor, String roomId, String messageId, String emoji, boolean add, Consumer<MessageView> acknowledge) {
        if (!Emoji.isOne(emoji)) {
            throw new InvalidException("invalid_emoji", "A reaction is exactly one emoji.");
        }
        memberships.requireMember(roomId, actor.id());
        Message current = find(roomId, messageId);
        return change(actor, current, acknowledge, m -> {
            if (m.kind() != Message.Kind.TEXT) {
                throw new ForbiddenException("forbidden", "System messages take no reactions.");
            }
            requireNotDeleted(m);
            return react(m, actor.id(), emoji, add);
        });
    }

    private static Message react(Message m, String userId, String emoji, boolean add) {
        List<Message.Reaction> next = new ArrayList<>();
        boolean found = false;
        for (Message.Reaction r : m.reactions()) {
            if (!r.emoji().equals(emoji)) {
                next.add(r);
                continue;
            }
            found = true;
            if (add == r.userIds().contains(userId)) {
                return m;
            }
            List<String> users = new ArrayList<>(r.userIds());
            if (add) {
                users.add(userId);
            } else {
                users.remove(userId);
            }
            if (!users.isEmpty()) {
                next.add(new Message.Reaction(emoji, users));
            }
        }
        if (!found) {
            if (!add) {
                return m;
            }
            if (m.reactions().size() >= MAX_REACTIONS) {
                throw new ConflictException(
                        "too_many_reactions", "A message has at most " + MAX_REACTIONS + " different reactions.");
            }
            next.add(new Message.Reaction(emoji, List.of(userId)));
        }
        return m.withReactions(next);
    }

    /**
     * Runs {@code change} once here, so that a refusal comes before anything is queued, then in
     * the store's write on the message as stored then.
     */
    private CompletionStage<MessageView> change(
            User actor, Message current, Consumer<MessageView> acknowledge, UnaryOperator<Message> change) {
        change.apply(current);
        User author = current.authorId() == null
                ? null
                : actor.id().equals(current.authorId())
                        ? actor
                        : users.findById(current.authorId()).orElse(null);
        MessageView.Quote quote = current.replyToId() == null ? null : quote(current.roomId(), current.replyToId());
        // Read here: the callback below runs on the store's writer and must not wait for a read.
        Object attachment = attachmentOf(current);
        CompletableFuture<MessageView> done = new CompletableFuture<>();
        messages.change(current.roomId(), current.id(), change, changed -> {
                    if (changed.message() == null) {
                        return;
                    }
                    Message m = changed.message();
                    MessageView view = view(m, author, m.replyToId() == null ? null : quote, attachment);
                    acknowledge.accept(view);
                    if (changed.changed()) {
                        changePublisher.accept(view);
                    }
                    done.complete(view);
                })
                .whenComplete((changed, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                    } else if (changed.message() == null) {
                        done.completeExceptionally(messageNotFound());
                    }
                });
        return done;
    }

    /**
     * The current state of up to {@code limit} of the room's messages with {@code seq <=
     * maxSeq} changed after {@code afterRev}, in ascending rev order, for a member of the room.
     */
    public List<MessageView> changedAfter(String userId, String roomId, long afterRev, long maxSeq, int limit) {
        memberships.requireMember(roomId, userId);
        return views(messages.changedAfter(roomId, afterRev, maxSeq, limit));
    }

    /** The room's current rev: the number of its last change to an existing message, 0 if none. */
    public long latestRev(String roomId) {
        return messages.latestRev(roomId);
    }

    /** How many of the room's messages after {@code afterSeq} mention {@code userId}. */
    public long countMentions(String roomId, String userId, long afterSeq) {
        return messages.countMentions(roomId, userId, afterSeq);
    }

    private static String checkText(String text) {
        String body = text == null ? "" : text.strip();
        int length = body.codePointCount(0, body.length());
        if (length == 0 || length > MAX_TEXT) {
            throw new InvalidException("invalid_text", "A message has 1 to 4,000 characters.");
        }
        return body;
    }

    private Message find(String roomId, String messageId) {
        if (!Ids.isWellFormed(messageId)) {
            throw messageNotFound();
        }
        return messages.find(roomId, messageId).orElseThrow(MessageService::messageNotFound);
    }

    private static void requireNotDeleted(Message m) {
        if (m.deleted()) {
            throw new ConflictException("message_deleted", "The message was deleted.");
        }
    }

    private static NotFoundException messageNotFound() {
        return new NotFoundException("message_not_found", "No such message in this room.");
    }

    private MessageView.Quote quoteForReply(String roomId, String replyToId) {
        Message quoted =
                Ids.isWellFormed(replyToId) ? messages.find(roomId, replyToId).orElse(null) : null;
        if (quoted == null || quoted.deleted() || quoted.kind() != Message.Kind.TEXT) {
            throw new InvalidException(
                    "invalid_reply", "A reply quotes a message of the same room that is not deleted.");
        }
        return quote(
                quoted,
                quoted.authorId() == null
                        ? null
                        : users.findById(quoted.authorId()).orElse(null));
    }

    /** The quote of {@code replyToId} as it is now, or null when it is gone with its room. */
    private MessageView.Quote quote(String roomId, String replyToId) {
        return messages.find(roomId, replyToId)
                .map(q -> quote(
                        q,
                        q.authorId() == null
                                ? null
                                : users.findById(q.authorId()).orElse(null)))
                .orElse(null);
    }

    private static MessageView.Quote quote(Message quoted, User author) {
        String body = quoted.body();
        String excerpt = body.codePointCount(0, body.length()) <= MAX_EXCERPT
                ? body
                : body.substring(0, body.offsetByCodePoints(0, MAX_EXCERPT));
        return new MessageView.Quote(
                quoted.id(),
                quoted.seq(),
                author == null ? null : MessageView.Author.of(author),
                excerpt,
                quoted.deleted());
    }

    /**
     * The ids of the room's members named by {@code @username} in {@code body}, in order of first
     * mention. Text without an {@code @} costs nothing; otherwise one user lookup per distinct
     * name, and the membership check comes from the memberships cache.
     */
    private List<String> mentions(String roomId, String body) {
        if (body.indexOf('@') < 0) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher m = MENTION.matcher(body);
        while (m.find() && names.size() < MAX_MENTIONS) {
            // A sentence may end right after a name: "thanks @tom."
            names.add(m.group(1).replaceAll("[.]+$", "").toLowerCase(java.util.Locale.ROOT));
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String name : names) {
            users.findByUsername(name)
                    .filter(u -> memberships.isMember(roomId, u.id()))
                    .ifPresent(u -> ids.add(u.id()));
        }
        return List.copyOf(ids);
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

    /**
     * The current state of up to {@code limit} of the room's messages changed after {@code
     * afterRev}, in ascending rev order, with no membership check: for the server's own delivery
     * (filling a gap between nodes), never for a client's request.
     */
    public List<MessageView> changesAfter(String roomId, long afterRev, int limit) {
        return views(messages.changedAfter(roomId, afterRev, Long.MAX_VALUE, limit));
    }

    /** The seq of the room's latest message, 0 when it has none. */
    public long latestSeq(String roomId) {
        return messages.latest(roomId).map(Message::seq).orElse(0L);
    }

    /**
     * Resolves authors with one lookup for the whole page, and the messages that replies quote
     * with one more when there are replies.
     */
    public List<MessageView> views(List<Message> page) {
        Map<String, List<String>> quotedByRoom = page.stream()
                .filter(m -> m.replyToId() != null)
                .collect(Collectors.groupingBy(
                        Message::roomId, Collectors.mapping(Message::replyToId, Collectors.toList())));
        List<Message> quoted = new ArrayList<>();
        quotedByRoom.forEach((roomId, ids) -> quoted.addAll(messages.findByIds(roomId, Set.copyOf(ids))));
        Set<String> authorIds = new HashSet<>();
        page.stream().map(Message::authorId).filter(Objects::nonNull).forEach(authorIds::add);
        quoted.stream().map(Message::authorId).filter(Objects::nonNull).forEach(authorIds::add);
        Map<String, User> authors =
                users.findByIds(authorIds).stream().collect(Collectors.toMap(User::id, Function.identity()));
        Map<String, Object> files = attachments.of(page.stream()
                .filter(m -> m.kind() == Message.Kind.TEXT && !m.deleted())
                .map(Message::id)
                .toList());
        Map<String, MessageView.Quote> quotes = quoted.stream()
                .collect(Collectors.toMap(Message::id, q -> quote(q, authors.get(q.authorId())), (a, b) -> a));
        return page.stream()
                .map(m -> view(
                        m,
                        authors.get(m.authorId()),
                        m.replyToId() == null ? null : quotes.get(m.replyToId()),
                        files.get(m.id())))
                .toList();
    }

    /** The message as clients see it; a reply's quote is read from the store. */
    public MessageView view(Message m, User author) {
        return view(m, author, m.replyToId() == null ? null : quote(m.roomId(), m.replyToId()), attachmentOf(m));
    }

    private Object attachmentOf(Message m) {
        return m.kind() != Message.Kind.TEXT || m.deleted()
                ? null
                : attachments.of(List.of(m.id())).get(m.id());
    }

    private MessageView view(Message m, User author, MessageView.Quote quote, Object attachment) {
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
                m.createdAt(),
                m.rev(),
                m.editedAt(),
                m.deleted() ? Boolean.TRUE : null,
                m.deletedAt(),
                m.deleted() ? null : quote,
                m.reactions().stream()
                        .map(r -> new MessageView.ReactionView(
                                r.emoji(), r.userIds().size(), r.userIds()))
                        .toList(),
                m.mentions(),
                m.deleted() ? null : attachment);
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
