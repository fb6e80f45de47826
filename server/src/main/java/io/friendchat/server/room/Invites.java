package io.friendchat.server.room;

import io.friendchat.server.account.User;
import io.friendchat.server.common.ConflictException;
import io.friendchat.server.common.ForbiddenException;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Invite links: owners and admins make, list and revoke them; anyone signed in who holds one
 * joins the room with it, through {@link RoomService}'s join path like any other join.
 */
public final class Invites {
    public static final long MAX_EXPIRY_SECONDS = Duration.ofDays(30).toSeconds();
    public static final int MAX_USES = 1000;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InviteStore invites;
    private final RoomService rooms;
    private final Clock clock;

    public Invites(InviteStore invites, RoomService rooms, Clock clock) {
        this.invites = invites;
        this.rooms = rooms;
        this.clock = clock;
    }

    /**
     * Makes an invite link to the room; owner or admin.
     *
     * @param expiresInSeconds null for never, else 60 seconds to 30 days
     * @param maxUses null for unlimited, else 1 to 1000
     */
    public Invite create(User actor, String roomId, Long expiresInSeconds, Long maxUses) {
        Room room = manageable(actor, roomId);
        if (expiresInSeconds != null && (expiresInSeconds < 60 || expiresInSeconds > MAX_EXPIRY_SECONDS)) {
            throw new InvalidException("invalid_expiry", "An invite expires after 1 minute to 30 days.");
        }
        if (maxUses != null && (maxUses < 1 || maxUses > MAX_USES)) {
            throw new InvalidException("invalid_max_uses", "An invite can be used 1 to 1,000 times.");
        }
        Instant now = now();
        Invite invite = new Invite(
                newToken(),
                room.id(),
                actor.id(),
                now,
                expiresInSeconds == null ? null : now.plusSeconds(expiresInSeconds),
                maxUses == null ? null : maxUses.intValue(),
                0);
        invites.create(invite);
        return invite;
    }

    /** The room's invite links, newest first; owner or admin. */
    public List<Invite> list(User actor, String roomId) {
        return invites.listByRoom(manageable(actor, roomId).id());
    }

    /** Revokes an invite link of the room; owner or admin. */
    public void revoke(User actor, String roomId, String token) {
        Room room = manageable(actor, roomId);
        if (!isWellFormed(token) || !invites.delete(room.id(), token)) {
            throw notFound();
        }
    }

    /** What the link leads to, for anyone signed in who holds it, while it can still be used. */
    public Preview preview(String token) {
        Invite invite = usable(token);
        Room room = rooms.find(invite.roomId());
        return new Preview(room.id(), room.name(), room.description(), invite.expiresAt());
    }

    /** Where an invite link leads. */
    public record Preview(String roomId, String roomName, String description, Instant expiresAt) {}

    /**
     * Joins the invite's room. A member already in it joins nothing and uses up nothing; otherwise
     * one use is counted (never beyond the limit, even for concurrent accepts) before joining.
     */
    public RoomService.Opened accept(User user, String token) {
        Invite invite = existing(token);
        Room room = rooms.find(invite.roomId());
        if (rooms.roomIdsOf(user.id()).contains(room.id())) {
            return new RoomService.Opened(rooms.view(user.id(), room.id()), false);
        }
        usable(token);
        if (!invites.use(token, now())) {
            usable(token);
            throw usedUp();
        }
        RoomService.Opened opened = rooms.join(user, room, "invite");
        if (!opened.created()) {
            invites.unuse(token);
        }
        return opened;
    }

    /** The invite, if it exists and can be used now; otherwise the error that says why not. */
    private Invite usable(String token) {
        Invite invite = existing(token);
        if (invite.expired(now())) {
            throw new ConflictException("invite_expired", "This invite link has expired; ask for a new one.");
        }
        if (invite.usedUp()) {
            throw usedUp();
        }
        return invite;
    }

    /** Whether {@code token} has the shape of an invite token; anything else can never name one. */
    public static boolean isWellFormed(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    private Invite existing(String token) {
        return (isWellFormed(token) ? invites.find(token) : java.util.Optional.<Invite>empty())
                .orElseThrow(Invites::notFound);
    }

    private Room manageable(User actor, String roomId) {
        Room room = rooms.find(roomId);
        Member me = rooms.requireMember(roomId, actor.id());
        RoomService.requireNotDirect(room);
        if (me.role() == Role.MEMBER) {
            throw new ForbiddenException("Only the owner and admins can manage invite links.");
        }
        return room;
    }

    private static NotFoundException notFound() {
        return new NotFoundException(
                "invite_not_found", "This invite link does not work: it was revoked, or never existed.");
    }

    private static ConflictException usedUp() {
        return new ConflictException("invite_used_up", "This invite link has been used up; ask for a new one.");
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
