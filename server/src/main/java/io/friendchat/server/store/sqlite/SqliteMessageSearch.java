package io.friendchat.server.store.sqlite;

import static io.friendchat.server.store.sqlite.Rows.bind;

import io.friendchat.server.message.Message;
import io.friendchat.server.search.MessageSearch;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Search with SQLite's FTS5. The index ({@code message_search}, schema versions 5 and 7) is
 * written by triggers on {@code messages} and at the end of each batch of writes (see {@link
 * SqliteSchema#END_OF_BATCH}), so it changes in the same transaction as the message itself.
 * Each indexed message has a row in {@code message_search_rows} whose integer id is the FTS row
 * id: ids grow with insertion, so "newest first" is FTS5's own descending rowid order, and a
 * page stops as soon as it is full instead of sorting every match.
 */
final class SqliteMessageSearch implements MessageSearch {
    private final SqliteDatabase db;

    SqliteMessageSearch(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Page search(Collection<String> roomIds, List<String> terms, String before, int limit) {
        if (roomIds.isEmpty() || terms.isEmpty()) {
            return new Page(List.of(), null);
        }
        // Each term quoted (so no FTS5 syntax gets through) and made a prefix; all must match.
        String match =
                terms.stream().map(t -> "\"" + t.replace("\"", "\"\"") + "\"*").collect(Collectors.joining(" "));
        long beforeRow = before == null || before.length() > 15 ? Long.MAX_VALUE : Long.parseLong(before, 16);
        String sql = "SELECT s.rowid AS search_row, m.id, m.room_id, m.seq, m.author_id, m.client_id, m.kind, m.body,"
                + " m.created_at, m.rev, m.edited_at, m.deleted_at, m.reply_to_id, m.mentions, m.reactions"
                + " FROM message_search s JOIN message_search_rows r ON r.id = s.rowid"
                + " JOIN messages m ON m.room_id = r.room_id AND m.seq = r.seq"
                + " WHERE message_search MATCH ? AND s.rowid < ? AND r.room_id IN ("
                + String.join(", ", Collections.nCopies(roomIds.size(), "?"))
                + ") ORDER BY s.rowid DESC LIMIT ?";
        List<Object> args = new ArrayList<>();
        args.add(match);
        args.add(beforeRow);
        args.addAll(roomIds);
        args.add(limit);
        List<Long> rows = new ArrayList<>();
        List<Message> found = db.read(c -> {
            PreparedStatement statement = bind(c.prepareStatement(sql), args.toArray());
            return Rows.list(statement, (ResultSet rs) -> {
                rows.add(rs.getLong("search_row"));
                return SqliteMessageStore.map(rs);
            });
        });
        String next = found.size() < limit ? null : Long.toHexString(rows.get(rows.size() - 1));
        return new Page(found, next);
    }
}
