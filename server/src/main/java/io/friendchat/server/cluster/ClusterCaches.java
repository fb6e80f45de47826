package io.friendchat.server.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.friendchat.server.account.ProfileListener;
import io.friendchat.server.account.User;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.room.Memberships;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Keeps what each node holds in memory about users and rooms right when another node changes
 * them: memberships (checked on every send) and the user on each socket (stamped on every
 * message). A change is published before the request that made it answers; after Redis comes
 * back, everything is dropped and read again, since changes may have been missed.
 */
public final class ClusterCaches {
    static final String MEMBERS = "members:changed";
    static final String PROFILE = "profile:changed";

    private final RedisBus bus;

    public ClusterCaches(RedisBus bus, Memberships memberships, UserStore users, ProfileListener sockets) {
        this.bus = bus;
        memberships.onChanged(this::membersChanged);
        bus.on(MEMBERS, (node, body) -> {
            List<String> userIds = new ArrayList<>();
            body.path("userIds").forEach(id -> userIds.add(id.asText()));
            memberships.forget(userIds);
        });
        bus.on(
                PROFILE,
                (node, body) -> users.findById(body.path("userId").asText()).ifPresent(sockets::profileChanged));
        bus.onReconnected(memberships::forgetAll);
    }

    /** The user's profile changed here: the other nodes refresh it on their sockets. */
    public void profileChanged(User user) {
        bus.publishAndWait(PROFILE, bus.body().put("userId", user.id()));
    }

    private void membersChanged(Collection<String> userIds) {
        var body = bus.body();
        ArrayNode ids = body.putArray("userIds");
        userIds.forEach(ids::add);
        bus.publishAndWait(MEMBERS, body);
    }
}
