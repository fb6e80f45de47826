package io.friendchat.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.friendchat.server.account.AccountService;
import io.friendchat.server.account.ServerAdmins;
import io.friendchat.server.account.User;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.common.Ids;
import io.friendchat.server.common.NotFoundException;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageService;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.message.MessageView;
import io.friendchat.server.room.Member;
import io.friendchat.server.room.Room;
import io.friendchat.server.room.RoomStore;
import io.friendchat.server.store.DataStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What the admin command does ({@code friendchat admin ...}), on the configured store. Its
 * operator is trusted as a server admin: whoever can run it can read the store anyway. Every
 * change is written to the audit log under the operator's operating-system user name.
 *
 * <p>It changes the store only. A server running on the same store sees each change at the next
 * request of the user concerned, but it keeps sockets that are already open: to cut a user's
 * sockets at once, deactivate them from the admin page or API instead.
 */
public final class AdminCommands {
    private static final int EXPORT_PAGE = 500;

    private final DataStore store;
    private final UserStore users;
    private final AccountService accounts;
    private final MessageService messages;
    private final ServerAdmins admins;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final String operator;

    public AdminCommands(
            DataStore store,
            AccountService accounts,
            MessageService messages,
            ServerAdmins admins,
            AuditLog audit,
            ObjectMapper json,
            Clock clock,
            String operator) {
        this.store = store;
        this.users = store.users();
        this.accounts = accounts;
        this.messages = messages;
        this.admins = admins;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.operator = operator;
    }

    public User createUser(String username, String email, String password, String displayName, boolean admin) {
        User user = accounts.createUser(username, email, password, displayName);
        audit.byOperator(operator, AuditAction.USER_CREATED, AuditLog.Target.of(user));
        if (admin) {
            makeAdmin(user.username());
        }
        return user;
    }

    /** Sets a new password and ends every session of the user. */
    public User resetPassword(String username, String password) {
        User user = find(username);
        accounts.resetPassword(user, password);
        audit.byOperator(operator, AuditAction.PASSWORD_RESET, AuditLog.Target.of(user));
        return user;
    }

    public User makeAdmin(String username) {
        User user = find(username);
        users.setAdmin(user.id(), true);
        audit.byOperator(operator, AuditAction.ADMIN_GRANTED, AuditLog.Target.of(user));
        return user;
    }

    /**
     * Clears the stored admin flag.
     *
     * @return true when the user stays an admin all the same, being named in {@code FRIENDCHAT_ADMINS}
     */
    public boolean removeAdmin(String username) {
        User user = find(username);
        users.setAdmin(user.id(), false);
        audit.byOperator(operator, AuditAction.ADMIN_REVOKED, AuditLog.Target.of(user));
        return admins.isNamed(user.username());
    }

    public User deactivate(String username) {
        User user = find(username);
        accounts.deactivate(user.id());
        audit.byOperator(operator, AuditAction.USER_DEACTIVATED, AuditLog.Target.of(user));
        return user;
    }

    public User reactivate(String username) {
        User user = find(username);
        accounts.reactivate(user.id());
        audit.byOperator(operator, AuditAction.USER_REACTIVATED, AuditLog.Target.of(user));
        return user;
    }

    /** Writes a consistent copy of the store to {@code target}; see {@link DataStore#backup}. */
    public void backup(Path target) {
        store.backup(target);
        audit.byOperator(
                operator,
                AuditAction.BACKUP_TAKEN,
                new AuditLog.Target("store", null, target.toAbsolutePath().toString()));
    }

    /**
     * Writes a room's whole history as one JSON object: {@code room}, {@code members} (their user
     * ids and roles), and {@code messages} in seq order, each as the API shows it. Read in pages,
     * so a long history never sits in memory whole.
     *
     * @return how many messages were written
     */
    public long exportRoom(String roomId, OutputStream out) throws IOException {
        RoomStore rooms = store.rooms();
        MessageStore history = store.messages();
        Room room = (Ids.isWellFormed(roomId) ? rooms.findById(roomId) : Optional.<Room>empty())
                .orElseThrow(() -> new NotFoundException("room_not_found", "No room with the id '" + roomId + "'."));
        long count = 0;
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("exportedAt", clock.instant().toString());
            g.writeFieldName("room");
            json.writeValue(g, room);
            g.writeFieldName("members");
            g.writeStartArray();
            for (Member m : store.members().listByRoom(room.id())) {
                g.writeStartObject();
                g.writeStringField("userId", m.userId());
                g.writeStringField("role", m.role().wire());
                g.writeStringField("joinedAt", m.joinedAt().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("messages");
            g.writeStartArray();
            long after = 0;
            while (true) {
                List<Message> page = history.after(room.id(), after, EXPORT_PAGE);
                for (MessageView view : messages.views(page)) {
                    json.writeValue(g, view);
                }
                count += page.size();
                if (page.size() < EXPORT_PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).seq();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        audit.byOperator(operator, AuditAction.ROOM_EXPORTED, new AuditLog.Target("room", room.id(), room.name()));
        return count;
    }

    private User find(String username) {
        return users.findByUsername(username.trim())
                .orElseThrow(() -> new NotFoundException("user_not_found", "No user named '" + username + "'."));
    }
}
