package io.friendchat.server.room;

import java.util.Locale;
import java.util.Optional;

/** What a member may do in a room. Exactly one member is the owner. */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    /** The lowercase name used on the wire and in storage. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String value) {
        for (Role role : values()) {
            if (role.wire().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
