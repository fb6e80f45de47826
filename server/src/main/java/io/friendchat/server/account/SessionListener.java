package io.friendchat.server.account;

/** Told when sessions end, so that the sockets opened with them can be closed at once. */
public interface SessionListener {
    SessionListener NONE = new SessionListener() {
        @Override
        public void sessionEnded(String tokenHash) {}

        @Override
        public void userSessionsEnded(String userId, String keptTokenHash) {}
    };

    void sessionEnded(String tokenHash);

    /** Every session of the user ended except {@code keptTokenHash}, which may be null. */
    void userSessionsEnded(String userId, String keptTokenHash);
}
