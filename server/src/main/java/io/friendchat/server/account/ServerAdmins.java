package io.friendchat.server.account;

import io.friendchat.server.common.ForbiddenException;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is a server admin: a user whose stored flag is set (by the admin command), or one named in
 * {@code FRIENDCHAT_ADMINS}. A name in the variable makes that account an admin for as long as it
 * is named there; nothing done in the app or with the command can take that away.
 */
public final class ServerAdmins {
    private final Set<String> namedKeys;

    public ServerAdmins(Collection<String> namedUsernames) {
        namedKeys = namedUsernames.stream().map(User::caseKey).collect(Collectors.toUnmodifiableSet());
    }

    public boolean isAdmin(User user) {
        return user.admin() || isNamed(user.username());
    }

    /** True when the username is in {@code FRIENDCHAT_ADMINS}, in any letter case. */
    public boolean isNamed(String username) {
        return namedKeys.contains(User.caseKey(username));
    }

    /** Throws 403 {@code forbidden} unless the user is a server admin. */
    public void require(User user) {
        if (!isAdmin(user)) {
            throw new ForbiddenException("Only server admins can do this.");
        }
    }
}
