package io.friendchat.server.common;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Identifiers for users, rooms and messages: 24 lowercase hex characters, as Mongo ObjectIds
 * are made: the creation time in seconds (8), then a counter of this process (6), then random
 * (10). So the ids one process makes sort in the order it made them, also within one second
 * (the Mongo store's search pages newest first by id), and ids of several nodes sort by the
 * second. Both stores use them as plain strings, so an id means the same in each.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Starts anywhere, as ObjectId's counter does; it wraps after 16,777,216 ids. */
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt());

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
        int count = COUNTER.getAndIncrement();
        bytes[4] = (byte) (count >>> 16);
        bytes[5] = (byte) (count >>> 8);
        bytes[6] = (byte) count;
        return HexFormat.of().formatHex(bytes);
    }

    /** True when {@code value} has the shape of an id; anything else can never name a record. */
    public static boolean isWellFormed(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }
}
