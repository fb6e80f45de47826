package io.friendchat.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.friendchat.server.ClusterSettings;
import io.friendchat.server.realtime.PeerPresence;
import io.friendchat.server.realtime.PresenceTracker;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence across the nodes of a cluster, in the manner of Phoenix's tracker. Each node publishes
 * its own users' changes at once ({@code up}, {@code down}) and, every heartbeat, the full list of
 * its users; a list replaces what was known of that node, which repairs any change the bus lost.
 * A node silent for {@link ClusterSettings#nodeTimeout()} is taken as down: its users go offline,
 * unless they are online elsewhere, so a user who reconnected to another node does not flicker.
 * Each node announces the changes to its own sockets ({@link PresenceTracker}).
 *
 * <p>State changes run on the bus thread; {@link #isOnline} may be called from any thread.
 */
public final class ClusterPresence implements PeerPresence, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterPresence.class);
    static final String UP = "presence:up";
    static final String DOWN = "presence:down";
    static final String BEAT = "presence:beat";
    static final String BYE = "presence:bye";

    private final RedisBus bus;
    private final ClusterSettings settings;
    private final Clock clock;
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final List<Runnable> peerDown = new CopyOnWriteArrayList<>();
    private final ScheduledFuture<?> beat;
    private volatile PresenceTracker tracker;

    private static final class Peer {
        final Set<String> users = ConcurrentHashMap.newKeySet();
        volatile long lastSeen;
    }

    public ClusterPresence(RedisBus bus, ClusterSettings settings, Clock clock, ScheduledExecutorService timers) {
        this.bus = bus;
        this.settings = settings;
        this.clock = clock;
        bus.on(UP, (node, body) -> seen(node).up(body.path("userId").asText()));
        bus.on(DOWN, (node, body) -> seen(node).down(body.path("userId").asText()));
        bus.on(BEAT, this::beatFrom);
        bus.on(BYE, (node, body) -> drop(node, "stopped"));
        long every = settings.heartbeat().toMillis();
        this.beat = timers.scheduleAtFixedRate(() -> bus.execute(this::tick), every, every, TimeUnit.MILLISECONDS);
    }

    /** Set once at wiring time: the tracker of this node's own sockets. */
    public void tracker(PresenceTracker tracker) {
        this.tracker = tracker;
    }

    /** Runs on the bus thread after a peer is taken as down: catch up what it may not have published. */
    public void onPeerDown(Runnable hook) {
        peerDown.add(hook);
    }

    @Override
    public boolean isOnline(String userId) {
        for (Peer peer : peers.values()) {
            if (peer.users.contains(userId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void cameOnline(String userId) {
        bus.publish(UP, bus.body().put("userId", userId));
    }

    @Override
    public void wentOffline(String userId) {
        bus.publish(DOWN, bus.body().put("userId", userId));
    }

    /** The nodes this one hears from, for the health check. */
    public Set<String> peerIds() {
        return Set.copyOf(peers.keySet());
    }

    private Change seen(String node) {
        Peer peer = peers.computeIfAbsent(node, n -> {
            log.info("cluster node {} is up", n);
            return new Peer();
        });
        peer.lastSeen = clock.millis();
        return new Change(peer);
    }

    /** Applies one peer's change and announces it here if it changes whether the user is online. */
    private final class Change {
        private final Peer peer;

        Change(Peer peer) {
            this.peer = peer;
        }

        void up(String userId) {
            boolean before = isOnline(userId);
            if (peer.users.add(userId) && !before && tracker != null) {
                tracker.peerCameOnline(userId);
            }
        }

        void down(String userId) {
            if (peer.users.remove(userId) && tracker != null) {
                tracker.peerWentOffline(userId);
            }
        }
    }

    private void beatFrom(String node, JsonNode body) {
        Change change = seen(node);
        Set<String> listed = new HashSet<>();
        body.path("users").forEach(u -> listed.add(u.asText()));
        for (String userId : Set.copyOf(change.peer.users)) {
            if (!listed.contains(userId)) {
                change.down(userId);
            }
        }
        for (String userId : listed) {
            change.up(userId);
        }
    }

    /** Every heartbeat: tell the others who is here, and take silent peers as down. */
    private void tick() {
        PresenceTracker here = tracker;
        if (here != null) {
            ObjectNode body = bus.body();
            ArrayNode users = body.putArray("users");
            here.usersHere().forEach(users::add);
            bus.publish(BEAT, body);
        }
        long deadline = clock.millis() - settings.nodeTimeout().toMillis();
        for (Map.Entry<String, Peer> entry : Set.copyOf(peers.entrySet())) {
            if (entry.getValue().lastSeen < deadline) {
                drop(entry.getKey(), "silent for " + settings.nodeTimeout().toMillis() + " ms");
            }
        }
    }

    private void drop(String node, String why) {
        Peer peer = peers.remove(node);
        if (peer == null) {
            return;
        }
        log.warn(
                "cluster node {} is taken as down ({}); its {} users go offline unless online elsewhere",
                node,
                why,
                peer.users.size());
        PresenceTracker here = tracker;
        if (here != null) {
            for (String userId : peer.users) {
                here.peerWentOffline(userId);
            }
        }
        for (Runnable hook : peerDown) {
            hook.run();
        }
    }

    /** Tells the others this node is going, so its users go offline now rather than after the timeout. */
    @Override
    public void close() {
        beat.cancel(false);
        bus.publishAndWait(BYE, bus.body());
    }
}
