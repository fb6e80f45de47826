package io.friendchat.server.room;

/** Who is connected right now; the real-time gateway knows. */
@FunctionalInterface
public interface Presence {
    Presence NOBODY = userId -> false;

    boolean isOnline(String userId);
}
