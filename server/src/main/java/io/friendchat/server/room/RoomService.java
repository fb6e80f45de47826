package io.friendchat.server.room;

import io.friendchat.server.account.ServerAdmins;
import io.friendchat.server.account.User;
import io.friendchat.server.account.UserStore;
import io.friendchat.server.common.ConflictException;
import io.friendchat.server.common.ForbiddenException;
import io.friendchat.server.common.Ids;
import io.friendchat.server.common.InvalidException;
import io.friendchat.server.common.NotFoundException;
import io.friendchat.server.message.Message;
import io.friendchat.server.message.MessageService;
import io.friendchat.server.message.MessageStore;
import io.friendchat.server.message.MessageView;
import io.friendchat.server.message.SystemEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rooms and who is in them. Rooms are private: to anyone who is not a member, a room does not
 * exist (404), so its existence is never revealed; a member without the right gets 403. Every
 * membership change and edit leaves a system message in the room's history.
 */
public final class RoomService {
    public static final int MAX_NAME = 80;
    public static final int MAX_DESCRIPTION = 500;
    public static final int MAX_USERNAMES_PER_REQUEST = 100;

    private final RoomStore rooms;
    private final MemberStore members;
    private final MessageStore messageStore;
    private final UserStore users;
    private final MessageService messages;
    private final Memberships memberships;
    private final ServerAdmins admins;
    private final Clock clock;
    private volatile RoomEvents events = RoomEvents.NONE;
    private volatile Presence presence = Presence.NOBODY;

    public RoomService(
            RoomStore rooms,
            MemberStore members,
            MessageStore messageStore,
            UserStore users,
            MessageService messages,
            Memberships memberships,
            ServerAdmins admins,
            Clock clock) {
        this.rooms = rooms;
        this.members = members;
        this.messageStore = messageStore;
        this.users = users;
        this.messages = messages;
        this.memberships = memberships;
        this.admins = admins;
        this.clock = clock;
    }

    /** Set once at wiring time by the real-time gateway. */
    public void connect(RoomEvents events, Presence presence) {
        this.events = events;
        this.presence = presence;
    }

    public RoomDetail create(User creator, String name, String description, List<String> usernames) {
        String cleanName = checkName(name);
        String cleanDescription = checkDescription(description == null ? "" : description);
        List<User> invited = resolve(usernames).stream()
                .filter(u -> !u.id().equals(creator.id()))
                .toList();
        Instant now = now();
        Room room = new Room(Ids.newId(), cleanName, cleanDescription, creator.id(), now, now);
        rooms.create(room);
        members.add(new Member(room.id(), creator.id(), Role.OWNER, now, 0));
        byActor(
                creator,
                room,
                SystemEvent.of("room_created").put("by", ref(creator)).put("name", cleanName));
        for (User user : invited) {
            members.add(new Member(room.id(), user.id(), Role.MEMBER, now, 0));
        }
        if (!invited.isEmpty()) {
            byActor(
                    creator,
                    room,
                    SystemEvent.of("members_added")
                            .put("by", ref(creator))
                            .put("users", invited.stream().map(RoomService::ref).toList()));
        }
        List<String> memberIds = new ArrayList<>(List.of(creator.id()));
        invited.forEach(u -> memberIds.add(u.id()));
        memberships.changed(memberIds);
        events.roomCreated(room, memberIds);
        return detail(room, creator.id());
    }

    /** The room, if {@code userId} is a member; otherwise 404. */
    public RoomDetail view(String userId, String roomId) {
        Room room = find(roomId);
        requireMember(room, userId);
        return detail(room, userId);
    }

    /** The caller's rooms, most recently active first. */
    public List<RoomSummary> dashboard(String userId) {
        List<RoomSummary> out = new ArrayList<>();
        for (Member m : members.listByUser(userId)) {
            rooms.findById(m.roomId()).ifPresent(room -> out.add(summary(room, m)));
        }
        out.sort(Comparator.comparing(RoomSummary::lastActivityAt).reversed().thenComparing(RoomSummary::id));
        return out;
    }

    /** The dashboard row of one room for one member, if they are in it. */
    public Optional<RoomSummary> summary(String roomId, String userId) {
        return rooms.findById(roomId)
                .flatMap(room -> members.find(roomId, userId).map(m -> summary(room, m)));
    }

    private RoomSummary summary(Room room, Member m) {
        Optional<Message> last = messageStore.latest(room.id());
        MessageView lastView =
                last.map(msg -> messages.views(List.of(msg)).get(0)).orElse(null);
        long lastSeq = last.map(Message::seq).orElse(0L);
        Instant activity = last.map(Message::createdAt).orElse(room.createdAt());
        return new RoomSummary(
                room.id(),
                room.name(),
                room.description(),
                m.role().wire(),
                members.countByRoom(room.id()),
                lastView,
                lastSeq,
                m.lastReadSeq(),
                Math.max(0, lastSeq - m.lastReadSeq()),
                lastSeq > m.lastReadSeq() ? messages.countMentions(room.id(), m.userId(), m.lastReadSeq()) : 0,
                m.notifyLevel().wire(),
                activity);
    }

    /** The ids of the rooms a user is in. */
    public Set<String> roomIdsOf(String userId) {
        return memberships.roomIdsOf(userId);
    }

    /**
     * Raises the member's read marker to {@code seq}, capped at the room's last seq.
     *
     * @return the marker after the change
     */
    public long markRead(String userId, String roomId, long seq) {
        Member member = requireMember(roomId, userId);
        long last = messageStore.latest(roomId).map(Message::seq).orElse(0L);
        long target = Math.min(Math.max(seq, 0), last);
        if (target > member.lastReadSeq() && members.advanceLastRead(roomId, userId, target)) {
            return target;
        }
        return members.find(roomId, userId).map(Member::lastReadSeq).orElse(member.lastReadSeq());
    }

    /** How many of the room's messages after {@code lastReadSeq} mention the user. */
    public long mentionCount(String roomId, String userId, long lastReadSeq) {
        return messages.countMentions(roomId, userId, lastReadSeq);
    }

    /**
     * Sets the member's notification level for the room ({@code all}, {@code mentions} or
     * {@code none}, else {@code invalid_notify_level}), and tells their sockets.
     */
    public Notify setNotify(User actor, String roomId, String level) {
        Notify notify = Notify.fromWire(level)
                .orElseThrow(() -> new InvalidException(
                        "invalid_notify_level", "The notification level is all, mentions or none."));
        requireMember(roomId, actor.id());
        if (!members.setNotify(roomId, actor.id(), notify)) {
            throw roomNotFound();
        }
        events.notifyChanged(roomId, actor.id(), notify);
        return notify;
    }

    public RoomDetail update(User actor, String roomId, String name, String description) {
        Room room = find(roomId);
        Role role = requireMember(room, actor.id()).role();
        if (role == Role.MEMBER) {
            throw new ForbiddenException("Only the owner and admins can edit the room.");
        }
        String newName = name == null ? room.name() : checkName(name);
        String newDescription = description == null ? room.description() : checkDescription(description);
        if (newName.equals(room.name()) && newDescription.equals(room.description())) {
            return detail(room, actor.id());
        }
        Instant now = now();
        rooms.update(room.id(), newName, newDescription, now);
        Room updated = new Room(room.id(), newName, newDescription, room.createdBy(), room.createdAt(), now);
        SystemEvent event = SystemEvent.of("room_updated").put("by", ref(actor));
        if (!newName.equals(room.name())) {
            event.put("name", newName).put("previousName", room.name());
        }
        if (!newDescription.equals(room.description())) {
            event.put("description", newDescription);
        }
        events.roomUpdated(updated);
        byActor(actor, room, event);
        return detail(updated, actor.id());
    }

    /** Adds members by username; owner or admin. Unknown names or existing members change nothing. */
    public List<MemberView> addMembers(User actor, String roomId, List<String> usernames) {
        Room room = find(roomId);
        if (requireMember(room, actor.id()).role() == Role.MEMBER) {
            throw new ForbiddenException("Only the owner and admins can add members.");
        }
        if (usernames.isEmpty()) {
            throw new InvalidException("missing_field", "Name at least one username to add.");
        }
        List<User> toAdd = resolve(usernames);
        List<String> already = toAdd.stream()
                .filter(u -> members.find(room.id(), u.id()).isPresent())
                .map(User::username)
                .toList();
        if (!already.isEmpty()) {
            throw new ConflictException("already_member", "Already in the room: " + String.join(", ", already) + ".");
        }
        Instant now = now();
        List<User> added = new ArrayList<>();
        for (User user : toAdd) {
            if (members.add(new Member(room.id(), user.id(), Role.MEMBER, now, 0))) {
                added.add(user);
            }
        }
        if (added.isEmpty()) {
            throw new ConflictException("already_member", "Everyone named is already in the room.");
        }
        memberships.changed(added.stream().map(User::id).toList());
        List<MemberView> views =
                added.stream().map(u -> memberView(u, Role.MEMBER, now)).toList();
        events.membersAdded(room, views);
        byActor(
                actor,
                room,
                SystemEvent.of("members_added")
                        .put("by", ref(actor))
                        .put("users", added.stream().map(RoomService::ref).toList()));
        return views;
    }

    /**
     * Removes a member. The owner may remove anyone else; an admin may remove plain members only.
     * Removing yourself is leaving.
     */
    public void removeMember(User actor, String roomId, String userId) {
        Room room = find(roomId);
        Member me = requireMember(room, actor.id());
        if (actor.id().equals(userId)) {
            leave(actor, roomId);
            return;
        }
        Member target = findMember(room, userId);
        if (me.role() == Role.MEMBER) {
            throw new ForbiddenException("Only the owner and admins can remove members.");
        }
        if (target.role() == Role.OWNER) {
            throw new ForbiddenException("cannot_remove_owner", "Nobody can remove the owner.");
        }
        if (me.role() == Role.ADMIN && target.role() == Role.ADMIN) {
            throw new ForbiddenException("Admins cannot remove other admins; ask the owner.");
        }
        if (!members.remove(room.id(), userId)) {
            throw new NotFoundException("member_not_found", "That user is not in the room.");
        }
        memberships.changed(userId);
        events.memberRemoved(room, userId);
        User removed = users.findById(userId).orElse(null);
        byActor(
                actor,
                room,
                SystemEvent.of("member_removed")
                        .put("by", ref(actor))
                        .put("user", removed == null ? Map.of("id", userId) : ref(removed)));
    }

    /**
     * Changes a member's role; owner only. Making someone the owner transfers ownership: the
     * former owner becomes an admin.
     */
    public MemberView changeRole(User actor, String roomId, String userId, String roleName) {
        Role role = Role.fromWire(roleName == null ? "" : roleName.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidException("invalid_role", "A role is 'owner', 'admin' or 'member'."));
        Room room = find(roomId);
        Member me = requireMember(room, actor.id());
        Member target = findMember(room, userId);
        if (me.role() != Role.OWNER) {
            throw new ForbiddenException("Only the owner can change roles.");
        }
        if (target.userId().equals(actor.id())) {
            throw new InvalidException("invalid_role", "Transfer ownership to another member instead.");
        }
        if (target.role() == role) {
            return memberView(user(userId), role, target.joinedAt());
        }
        User targetUser = user(userId);
        if (role == Role.OWNER) {
            // Promote first: a crash in between leaves two owners, never none.
            members.updateRole(room.id(), userId, Role.OWNER);
            members.updateRole(room.id(), actor.id(), Role.ADMIN);
            events.roleChanged(room, memberView(actor, Role.ADMIN, me.joinedAt()));
            MemberView view = memberView(targetUser, Role.OWNER, target.joinedAt());
            events.roleChanged(room, view);
            byActor(
                    actor,
                    room,
                    SystemEvent.of("owner_changed").put("by", ref(actor)).put("user", ref(targetUser)));
            return view;
        }
        members.updateRole(room.id(), userId, role);
        MemberView view = memberView(targetUser, role, target.joinedAt());
        events.roleChanged(room, view);
        byActor(
                actor,
                room,
                SystemEvent.of("role_changed")
                        .put("by", ref(actor))
                        .put("user", ref(targetUser))
                        .put("role", role.wire()));
        return view;
    }

    /**
     * Leaves the room. The owner must transfer ownership first, unless they are the last member,
     * in which case the room is deleted.
     */
    public void leave(User actor, String roomId) {
        Room room = find(roomId);
        Member me = requireMember(room, actor.id());
        if (me.role() == Role.OWNER) {
            if (members.countByRoom(room.id()) > 1) {
                throw new ConflictException("owner_must_transfer", "Make another member the owner before you leave.");
            }
            delete(actor, roomId);
            return;
        }
        members.remove(room.id(), actor.id());
        memberships.changed(actor.id());
        events.memberRemoved(room, actor.id());
        messages.appendSystem(room.id(), SystemEvent.of("member_left").put("user", ref(actor)));
    }

    /** Deletes the room with its memberships and messages; owner only. */
    public void delete(User actor, String roomId) {
        Room room = find(roomId);
        if (requireMember(room, actor.id()).role() != Role.OWNER) {
            throw new ForbiddenException("Only the owner can delete the room.");
        }
        remove(room);
    }

    /** Deletes any room with its memberships and messages, for a server admin, who need not be in it. */
    public Room deleteAsServerAdmin(User actor, String roomId) {
        admins.require(actor);
        Room room = find(roomId);
        remove(room);
        return room;
    }

    private void remove(Room room) {
        List<String> former =
                members.listByRoom(room.id()).stream().map(Member::userId).toList();
        rooms.delete(room.id());
        memberships.changed(former);
        events.roomDeleted(room, former);
    }

    /** Stores a system message that {@code actor} caused; it is not unread for them. */
    private MessageView byActor(User actor, Room room, SystemEvent event) {
        MessageView system = messages.appendSystem(room.id(), event);
        members.advanceLastRead(room.id(), actor.id(), system.seq());
        return system;
    }

    /** The membership of {@code userId}, or 404 for the room when there is none. */
    public Member requireMember(String roomId, String userId) {
        return requireMember(find(roomId), userId);
    }

    private Member requireMember(Room room, String userId) {
        return members.find(room.id(), userId).orElseThrow(RoomService::roomNotFound);
    }

    private Member findMember(Room room, String userId) {
        if (!Ids.isWellFormed(userId)) {
            throw new NotFoundException("member_not_found", "That user is not in the room.");
        }
        return members.find(room.id(), userId)
                .orElseThrow(() -> new NotFoundException("member_not_found", "That user is not in the room."));
    }

    private Room find(String roomId) {
        if (!Ids.isWellFormed(roomId)) {
            throw roomNotFound();
        }
        return rooms.findById(roomId).orElseThrow(RoomService::roomNotFound);
    }

    private static NotFoundException roomNotFound() {
        return Memberships.roomNotFound();
    }

    private User user(String id) {
        return users.findById(id).orElseThrow(() -> new NotFoundException("member_not_found", "No such user."));
    }

    /** Looks users up by username; any unknown name fails the whole request, naming them all. */
    private List<User> resolve(List<String> usernames) {
        if (usernames.size() > MAX_USERNAMES_PER_REQUEST) {
            throw new InvalidException(
                    "too_many_members", "Add at most " + MAX_USERNAMES_PER_REQUEST + " people at once.");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String name : usernames) {
            distinct.add(name.trim().toLowerCase(Locale.ROOT));
        }
        List<User> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : distinct) {
            Optional<User> user = name.isEmpty() ? Optional.empty() : users.findByUsername(name);
            if (user.isPresent()) {
                found.add(user.get());
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidException("unknown_users", "No such user: " + String.join(", ", unknown) + ".");
        }
        return found;
    }

    private RoomDetail detail(Room room, String userId) {
        List<Member> list = members.listByRoom(room.id());
        Map<String, User> byId = users
                .findByIds(list.stream().map(Member::userId).toList())
                .stream()
                .collect(Collectors.toMap(User::id, Function.identity()));
        Member me =
                list.stream().filter(m -> m.userId().equals(userId)).findFirst().orElseThrow(RoomService::roomNotFound);
        List<MemberView> views = list.stream()
                .filter(m -> byId.containsKey(m.userId()))
                .map(m -> memberView(byId.get(m.userId()), m.role(), m.joinedAt()))
                .toList();
        long lastSeq = messageStore.latest(room.id()).map(Message::seq).orElse(0L);
        return new RoomDetail(
                room.id(),
                room.name(),
                room.description(),
                room.createdBy(),
                room.createdAt(),
                room.updatedAt(),
                me.role().wire(),
                lastSeq,
                me.lastReadSeq(),
                lastSeq > me.lastReadSeq() ? messages.countMentions(room.id(), userId, me.lastReadSeq()) : 0,
                me.notifyLevel().wire(),
                views);
    }

    private MemberView memberView(User user, Role role, Instant joinedAt) {
        return new MemberView(
                user.id(), user.username(), user.displayName(), role.wire(), joinedAt, presence.isOnline(user.id()));
    }

    static Map<String, Object> ref(User user) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("id", user.id());
        ref.put("username", user.username());
        ref.put("displayName", user.displayName());
        return ref;
    }

    private static String checkName(String name) {
        String clean = name.strip();
        int length = clean.codePointCount(0, clean.length());
        if (length < 1 || length > MAX_NAME) {
            throw new InvalidException("invalid_name", "A room name has 1 to 80 characters.");
        }
        return clean;
    }

    private static String checkDescription(String description) {
        String clean = description.strip();
        if (clean.codePointCount(0, clean.length()) > MAX_DESCRIPTION) {
            throw new InvalidException("invalid_description", "A description has at most 500 characters.");
        }
        return clean;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
