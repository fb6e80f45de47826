package io.friendchat.server.admin;

import io.friendchat.server.account.AccountService;
import io.friendchat.server.account.ServerAdmins;
import io.friendchat.server.account.User;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.common.Ids;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.NotFoundException;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.room.Presence;
import io.friendchat.server.room.Room;
import io.friendchat.server.room.RoomService;
import io.friendchat.server.room.RoomStore;
import java.time.Instant;
import java.util.List;

/**
 * What a server admin does through the API: find users, deactivate and reactivate them, delete
 * any room, read the server's numbers and the audit log. Every method checks that the caller is
 * a server admin ({@link ServerAdmins}) and every change is written to the audit log.
 */
public final class AdminService {
    public static final int MAX_PAGE = 100;

    private final ServerAdmins admins;
    private final UserStore users;
    private final RoomStore rooms;
    private final MessageStore messages;
    private final AccountService accounts;
    private final RoomService roomService;
    private final AuditLog audit;
    private final Presence presence;
    private final LiveConnections connections;

    public AdminService(
            ServerAdmins admins,
            UserStore users,
            RoomStore rooms,
            MessageStore messages,
            AccountService accounts,
            RoomService roomService,
            AuditLog audit,
            Presence presence,
            LiveConnections connections) {
        this.admins = admins;
        this.users = users;
        this.rooms = rooms;
        this.messages = messages;
        this.accounts = accounts;
        this.roomService = roomService;
        this.audit = audit;
        this.presence = presence;
        this.connections = connections;
    }

    /**
     * A user as an admin sees them. {@code namedAdmin}: an admin through {@code FRIENDCHAT_ADMINS},
     * which only the server's environment can change.
     */
    public record UserRow(
            String id,
            String username,
            String email,
            String displayName,
            Instant createdAt,
            boolean admin,
            boolean namedAdmin,
            boolean deactivated,
            boolean online) {}

    /** A page of users; {@code next} is the username to go on after, or null on the last page. */
    public record UserPage(List<UserRow> users, String next) {}

    public record Stats(long users, long rooms, long messages, int connectedSockets, int connectedUsers) {}

    /** Users whose username starts with {@code prefix} (any case), by username, after {@code after}. */
    public UserPage users(User actor, String prefix, String after, int limit) {
        admins.require(actor);
        List<User> found = users.listByUsername(prefix == null ? "" : prefix.trim(), after, limit + 1);
        String next = found.size() > limit ? found.get(limit - 1).username() : null;
        List<UserRow> rows = found.stream().limit(limit).map(this::row).toList();
        return new UserPage(rows, next);
    }

    /** Deactivates a user: they cannot log in, their sessions end and their sockets are cut at once. */
    public UserRow deactivate(User actor, String userId) {
        admins.require(actor);
        User target = find(userId);
        if (target.id().equals(actor.id())) {
            throw new InvalidException("cannot_deactivate_self", "You cannot deactivate your own account.");
        }
        accounts.deactivate(target.id());
        audit.byAdmin(actor, AuditAction.USER_DEACTIVATED, AuditLog.Target.of(target));
        return row(find(userId));
    }

    public UserRow reactivate(User actor, String userId) {
        admins.require(actor);
        User target = find(userId);
        accounts.reactivate(target.id());
        audit.byAdmin(actor, AuditAction.USER_REACTIVATED, AuditLog.Target.of(target));
        return row(find(userId));
    }

    /** Deletes any room, with its memberships and messages; its members are told at once. */
    public void deleteRoom(User actor, String roomId) {
        Room room = roomService.deleteAsServerAdmin(actor, roomId);
        audit.byAdmin(actor, AuditAction.ROOM_DELETED, new AuditLog.Target("room", room.id(), room.name()));
    }

    public Stats stats(User actor) {
        admins.require(actor);
        LiveConnections.Counts live = connections.now();
        return new Stats(users.count(), rooms.count(), messages.count(), live.sockets(), live.users());
    }

    /** The audit log, newest first, from {@code cursor} (null: the newest entry). */
    public AuditLog.Page audit(User actor, String cursor, int limit) {
        admins.require(actor);
        return audit.page(cursor, limit);
    }

    private User find(String userId) {
        if (!Ids.isWellFormed(userId)) {
            throw userNotFound();
        }
        return users.findById(userId).orElseThrow(AdminService::userNotFound);
    }

    private static NotFoundException userNotFound() {
        return new NotFoundException("user_not_found", "No such user.");
    }

    private UserRow row(User u) {
        return new UserRow(
                u.id(),
                u.username(),
                u.email(),
                u.displayName(),
                u.createdAt(),
                admins.isAdmin(u),
                admins.isNamed(u.username()),
                u.deactivated(),
                presence.isOnline(u.id()));
    }
}
