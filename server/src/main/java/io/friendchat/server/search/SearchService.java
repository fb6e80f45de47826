package io.friendchat.server.search;

import io.friendchat.server.common.InvalidException;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageService;
import io.friendchat.server.message.MessageView;
import io.friendchat.server.room.Memberships;
import io.friendchat.server.room.Room;
import io.friendchat.server.room.RoomStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Message search for one user: only the rooms they are a member of now (read from {@link
 * Memberships}, so a removed member finds nothing more there), with the ranges of each text that
 * matched, for the client to highlight with text nodes.
 */
public final class SearchService {
    public static final int MAX_QUERY = 200;
    public static final int MAX_TERMS = 8;
    public static final int MAX_PAGE = 50;
    private static final Pattern CURSOR = Pattern.compile("[0-9a-f]{1,24}");

    private final MessageSearch search;
    private final Memberships memberships;
    private final RoomStore rooms;
    private final MessageService messages;

    public SearchService(MessageSearch search, Memberships memberships, RoomStore rooms, MessageService messages) {
        this.search = search;
        this.memberships = memberships;
        this.rooms = rooms;
        this.messages = messages;
    }

    /** A room as a result names it. */
    public record RoomRef(String id, String name) {}

    /** One matched range of the message's body, in UTF-16 offsets: [start, end). */
    public record Range(int start, int end) {}

    public record Result(RoomRef room, MessageView message, List<Range> highlights) {}

    public record Results(List<Result> results, String next) {}

    /**
     * Searches the user's rooms, or only {@code roomId} when given (404 for a room they are not
     * in). {@code query} must hold at least one word; {@code before} is an earlier page's next.
     */
    public Results search(String userId, String query, String roomId, String before, int limit) {
        List<String> terms = terms(query);
        if (before != null && !CURSOR.matcher(before).matches()) {
            throw new InvalidException("invalid_parameter", "'before' must be the 'next' of an earlier page.");
        }
        Collection<String> roomIds;
        if (roomId != null) {
            memberships.requireMember(roomId, userId);
            roomIds = List.of(roomId);
        } else {
            roomIds = memberships.roomIdsOf(userId);
        }
        if (roomIds.isEmpty()) {
            return new Results(List.of(), null);
        }
        MessageSearch.Page page = search.search(roomIds, terms, before, Math.min(limit, MAX_PAGE));
        List<MessageView> views = messages.views(page.messages());
        Map<String, Optional<Room>> roomsById = new HashMap<>();
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            Message m = page.messages().get(i);
            Optional<Room> room = roomsById.computeIfAbsent(m.roomId(), rooms::findById);
            if (room.isEmpty()) {
                continue; // deleted between the membership read and now
            }
            List<Range> ranges = Words.highlights(m.body(), terms).stream()
                    .map(s -> new Range(s.start(), s.end()))
                    .toList();
            results.add(new Result(new RoomRef(room.get().id(), room.get().name()), views.get(i), ranges));
        }
        return new Results(results, page.next());
    }

    /** The query's distinct words, or a clear error when it has none or too many. */
    static List<String> terms(String query) {
        if (query == null || query.isBlank()) {
            throw new InvalidException("search_query_empty", "Type something to search for.");
        }
        if (query.length() > MAX_QUERY) {
            throw new InvalidException(
                    "search_query_too_long", "A search is at most " + MAX_QUERY + " characters long.");
        }
        Set<String> words = Words.distinct(query);
        if (words.isEmpty()) {
            throw new InvalidException("search_query_empty", "Search for at least one letter or digit.");
        }
        if (words.size() > MAX_TERMS) {
            throw new InvalidException("search_query_too_long", "A search has at most " + MAX_TERMS + " words.");
        }
        return List.copyOf(words);
    }
}
