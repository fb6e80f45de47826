package io.friendchat.server.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers that keep the SQL in the stores readable. */
final class Rows {
    private Rows() {}

    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static PreparedStatement bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof Instant instant) {
                ps.setLong(i + 1, instant.toEpochMilli());
            } else {
                ps.setObject(i + 1, arg);
            }
        }
        return ps;
    }

    static <T> List<T> list(PreparedStatement ps, Mapper<T> mapper) throws SQLException {
        try (ps;
                ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    /**
     * The rows of {@code sql} with its one {@code IN (?)} placeholder, written {@code IN ?}, bound
     * to {@code values}: one query for any number of keys. No values: no query, no rows.
     */
    static <T> List<T> listIn(SqliteDatabase db, String sql, java.util.Collection<String> values, Mapper<T> mapper) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<String> list = List.copyOf(values);
        String marks = "(" + String.join(", ", java.util.Collections.nCopies(list.size(), "?")) + ")";
        return db.read(c -> list(bind(c.prepareStatement(sql.replace("IN ?", "IN " + marks)), list.toArray()), mapper));
    }

    static <T> Optional<T> first(PreparedStatement ps, Mapper<T> mapper) throws SQLException {
        try (ps;
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        }
    }

    static int update(PreparedStatement ps) throws SQLException {
        try (ps) {
            return ps.executeUpdate();
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }
}
