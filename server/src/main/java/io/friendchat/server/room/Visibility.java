package io.friendchat.server.room;

import java.util.Optional;

/** Who can find a room: only its members ({@code private}), or anyone signed in ({@code public}). */
public enum Visibility {
    PRIVATE,
    PUBLIC;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Visibility> fromWire(String value) {
        for (Visibility v : values()) {
            if (v.wire().equals(value)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
