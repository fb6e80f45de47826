package io.friendchat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.friendchat.server.common.Ids;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.NewMessage;
import io.friendchat.server.search.MessageSearch;
import io.friendchat.server.testing.Backend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

public abstract class MessageSearchContract extends StoreContract {
    protected MessageSearchContract(Backend backend) {
        super(backend);
    }

    private Message send(String roomId, String body) {
        return send(roomId, Message.Kind.TEXT, body);
    }

    private Message send(String roomId, Message.Kind kind, String body) {
        return store.messages()
                .append(new NewMessage(
                        Ids.newId(),
                        roomId,
                        kind == Message.Kind.TEXT ? "alice" : null,
                        Ids.newId(),
                        kind,
                        body,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS)))
                .message();
    }

    private List<String> bodies(Set<String> rooms, String... terms) {
        return store.messageSearch().search(rooms, List.of(terms), null, 50).messages().stream()
                .map(Message::body)
                .toList();
    }

    @Test
    void a_new_message_is_found_by_the_start_of_each_of_its_words_newest_first() {
        send("r1", "Lunch at the Harbour café?");
        send("r1", "nothing to see");
        send("r1", "harbourside lunch again");

        assertEquals(List.of("harbourside lunch again", "Lunch at the Harbour café?"), bodies(Set.of("r1"), "harb"));
        assertEquals(List.of("Lunch at the Harbour café?"), bodies(Set.of("r1"), "harbour", "caf"));
        assertEquals(List.of(), bodies(Set.of("r1"), "arbour"));
    }

    @Test
    void only_the_given_rooms_are_searched() {
        send("r1", "pizza tonight");
        send("r2", "pizza tomorrow");

        assertEquals(List.of("pizza tonight"), bodies(Set.of("r1"), "pizza"));
        assertEquals(2, bodies(Set.of("r1", "r2"), "pizza").size());
        assertEquals(List.of(), bodies(Set.of(), "pizza"));
    }

    @Test
    void an_edited_message_is_found_by_its_new_text_and_not_its_old() {
        Message m = send("r1", "meet at noon");
        store.messages().change("r1", m.id(), old -> old.withEdit("meet at dusk", List.of(), Instant.now()));

        assertEquals(List.of(), bodies(Set.of("r1"), "noon"));
        assertEquals(List.of("meet at dusk"), bodies(Set.of("r1"), "dusk"));
    }

    @Test
    void a_deleted_message_is_never_found() {
        Message m = send("r1", "secret plans");
        send("r1", "public plans");
        store.messages().change("r1", m.id(), old -> old.withDeletion(Instant.now()));

        assertEquals(List.of("public plans"), bodies(Set.of("r1"), "plans"));
        assertEquals(List.of(), bodies(Set.of("r1"), "secret"));
    }

    @Test
    void system_messages_are_never_found() {
        send("r1", Message.Kind.SYSTEM, "{\"type\":\"joined\",\"username\":\"joiner\"}");

        assertEquals(List.of(), bodies(Set.of("r1"), "joined"));
    }

    @Test
    void messages_of_a_deleted_room_are_not_found() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String roomId = Ids.newId();
        store.rooms().create(new io.friendchat.server.room.Room(roomId, "Trip", "", "alice", now, now));
        send(roomId, "passport reminder");
        store.rooms().delete(roomId);

        assertEquals(List.of(), bodies(Set.of(roomId), "passport"));
    }

    @Test
    void pages_follow_one_another_without_gaps_or_repeats() {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sent.add(send("r1", "note " + i).body());
        }
        List<String> seen = new ArrayList<>();
        String before = null;
        for (int pages = 0; pages < 10; pages++) {
            MessageSearch.Page page = store.messageSearch().search(Set.of("r1"), List.of("note"), before, 3);
            page.messages().forEach(m -> seen.add(m.body()));
            if (page.next() == null) {
                break;
            }
            before = page.next();
        }
        assertEquals(7, seen.size());
        assertEquals(Set.copyOf(sent), Set.copyOf(seen));
    }

    @Test
    void a_full_page_has_a_next_cursor_and_a_short_one_has_none() {
        send("r1", "one word");
        send("r1", "two words");

        assertNotNull(store.messageSearch()
                .search(Set.of("r1"), List.of("word"), null, 2)
                .next());
        assertNull(store.messageSearch()
                .search(Set.of("r1"), List.of("word"), null, 3)
                .next());
    }
}
