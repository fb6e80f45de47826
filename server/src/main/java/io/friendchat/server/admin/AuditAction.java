package io.friendchat.server.admin;

import java.util.Locale;

/** What an admin did, as written in the audit log. */
public enum AuditAction {
    USER_CREATED,
    PASSWORD_RESET,
    ADMIN_GRANTED,
    ADMIN_REVOKED,
    USER_DEACTIVATED,
    USER_REACTIVATED,
    ROOM_DELETED,
    ROOM_EXPORTED,
    BACKUP_TAKEN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
