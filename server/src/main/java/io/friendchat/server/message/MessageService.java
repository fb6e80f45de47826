package io.friendchat.server.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.friendchat.server.account.User;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.common.Ids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Appends messages and turns stored messages into what clients see. */
public final class MessageService {
    public static final int MAX_PAGE = 100;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final MessageStore messages;
    private final UserStore users;
    private final ObjectMapper json;
    private final Clock clock;

    public MessageService(MessageStore messages, UserStore users, ObjectMapper json, Clock clock) {
        this.messages = messages;
        this.users = users;
        this.json = json;
        this.clock = clock;
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
        Message stored = messages.append(new NewMessage(id, roomId, null, "sys:" + id, Message.Kind.SYSTEM, body,
                now())).message();
        return views(List.of(stored)).get(0);
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
        Set<String> authorIds = page.stream().map(Message::authorId).filter(Objects::nonNull)
                .collect(Collectors.toCollection(HashSet::new));
        Map<String, User> authors = users.findByIds(authorIds).stream()
                .collect(Collectors.toMap(User::id, Function.identity()));
        return page.stream().map(m -> view(m, authors.get(m.authorId()))).toList();
    }

    public MessageView view(Message m, User author) {
        boolean system = m.kind() == Message.Kind.SYSTEM;
        return new MessageView(m.id(), m.roomId(), m.seq(), m.kind().wire(), system ? null : m.body(),
                system ? parse(m.body()) : null, author == null ? null : MessageView.Author.of(author),
                system ? null : m.clientId(), m.createdAt());
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
