package io.friendchat.server.common;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Identifiers for users, rooms and messages: 24 lowercase hex characters, the first 8 being
 * the creation time in seconds (so ids sort roughly by age, as Mongo ObjectIds do) and the
 * rest random. Both stores use them as plain strings, so an id means the same in each.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{24}");

    private Ids() {}

    public static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        int seconds = (int) (System.currentTimeMillis() / 1000);
        bytes[0] = (byte) (seconds >>> 24);
        bytes[1] = (byte) (seconds >>> 16);
        bytes[2] = (byte) (seconds >>> 8);
        bytes[3] = (byte) seconds;
        return HexFormat.of().formatHex(bytes);
    }

    /** True when {@code value} has the shape of an id; anything else can never name a record. */
    public static boolean isWellFormed(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }
}
