package io.friendchat.server.realtime;

/**
 * Who is online on the other nodes of a cluster, for {@link PresenceTracker}; {@link #NONE} on a
 * single node.
 */
public interface PeerPresence {
    PeerPresence NONE = new PeerPresence() {
        @Override
        public boolean isOnline(String userId) {
            return false;
        }

        @Override
        public void cameOnline(String userId) {}

        @Override
        public void wentOffline(String userId) {}
    };

    /** Whether the user has a socket on another node that is alive. */
    boolean isOnline(String userId);

    /** Tells the other nodes that the user's first socket here connected. */
    void cameOnline(String userId);

    /** Tells the other nodes that the user's last socket here is gone (after the grace period). */
    void wentOffline(String userId);
}
