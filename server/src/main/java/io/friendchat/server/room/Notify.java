package io.friendchat.server.room;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a member wants to be notified of in a room; kept on the membership so every device agrees. */
public enum Notify {
    /** Every message (the default). */
    ALL,
    /** Only messages that mention the member. */
    MENTIONS,
    /** Nothing. */
    NONE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Notify> fromWire(String value) {
        return Arrays.stream(values()).filter(n -> n.wire().equals(value)).findFirst();
    }
}
