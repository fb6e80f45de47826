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
import io.friendchat.server.people.BlockStore;
import io.friendchat.server.people.Person;
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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rooms and who is in them. A private room does not exist (404) to anyone who is not a member, so
 * its existence is never revealed; a member without the right gets 403. A public room can be
 * browsed and joined by anyone signed in. A direct message is a room of two, one per pair, with
 * no roles, settings or other members. Every membership change and edit leaves a system message
 * in the room's history, and goes through {@link Memberships#changed} and {@link RoomEvents}, so
 * that every node's caches and every member's sockets follow.
 */
public final class RoomService {
    public static final int MAX_NAME = 80;
    public static final int MAX_DESCRIPTION = 500;
    public static final int MAX_USERNAMES_PER_REQUEST = 100;
    public static final int MAX_PUBLIC_PAGE = 50;

    private final RoomStore rooms;
    private final MemberStore members;
    private final MessageStore messageStore;
    private final UserStore users;
    private final MessageService messages;
    private final Memberships memberships;
    private final ServerAdmins admins;
    private final BlockStore blocks;
    private final Clock clock;
    // Whether a room is a direct message never changes, so it is read once per room.
    private final com.github.benmanes.caffeine.cache.Cache<String, Optional<String>> directKeys =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .maximumSize(100_000)
                    .build();
    private volatile RoomEvents events = RoomEvents.NONE;
    private volatile Presence presence = Presence.NOBODY;
    private volatile Consumer<String> deletedRooms = roomId -> {};

    public RoomService(
            RoomStore rooms,
            MemberStore members,
            MessageStore messageStore,
            UserStore users,
            MessageService messages,
            Memberships memberships,
            ServerAdmins admins,
            BlockStore blocks,
            Clock clock) {
        this.rooms = rooms;
        this.members = members;
        this.messageStore = messageStore;
        this.users = users;
        this.messages = messages;
        this.memberships = memberships;
        this.admins = admins;
        this.blocks = blocks;
        this.clock = clock;
    }

    /** Set once at wiring time by the real-time gateway. */
    public void connect(RoomEvents events, Presence presence) {
        this.events = events;
        this.presence = presence;
    }

    /**
     * Set once at wiring time: told the id of each deleted room after the store deleted it, to
     * delete what other features keep for it (its files). It must not throw: the room is gone.
     */
    public void onDeleted(Consumer<String> cleanUp) {
        this.deletedRooms = cleanUp;
    }

    public RoomDetail create(User creator, String name, String description, List<String> usernames) {
        return create(creator, name, description, usernames, null);
    }

    /** Creates a room; {@code visibility} is {@code private} (also when null) or {@code public}. */
    public RoomDetail create(User creator, String name, String description, List<String> usernames, String visibility) {
        Visibility seen = checkVisibility(visibility == null ? "private" : visibility);
        String cleanName = checkName(name);
        String cleanDescription = checkDescription(description == null ? "" : description);
        List<User> invited = resolve(usernames).stream()
                .filter(u -> !u.id().equals(creator.id()))
                .toList();
        Instant now = now();
        Room room = new Room(Ids.newId(), cleanName, cleanDescription, creator.id(), now, now, seen, null);
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
        // One query each for the memberships, their rooms, the rooms' sizes and the people of
        // the direct messages; the last message is still read room by room.
        List<Member> mine = members.listByUser(userId);
        Map<String, Room> byId = rooms
                .findByIds(mine.stream().map(Member::roomId).toList())
                .stream()
                .collect(Collectors.toMap(Room::id, Function.identity()));
        Map<String, Integer> sizes = members.countByRooms(byId.keySet());
        Map<String, User> peers = peers(List.copyOf(byId.values()), userId);
        List<RoomSummary> out = new ArrayList<>();
        for (Member m : mine) {
            Room room = byId.get(m.roomId());
            if (room != null) {
                out.add(summary(room, m, peers, sizes.getOrDefault(room.id(), 0)));
            }
        }
        out.sort(Comparator.comparing(RoomSummary::lastActivityAt).reversed().thenComparing(RoomSummary::id));
        return out;
    }

    /** The dashboard row of one room for one member, if they are in it. */
    public Optional<RoomSummary> summary(String roomId, String userId) {
        return rooms.findById(roomId)
                .flatMap(room -> members.find(roomId, userId)
                        .map(m -> summary(room, m, peers(List.of(room), userId), members.countByRoom(roomId))));
    }

    /** The other person of each direct message among {@code list}, in one query. */
    private Map<String, User> peers(List<Room> list, String userId) {
        List<String> ids =
                list.stream().filter(Room::isDirect).map(r -> r.peerOf(userId)).toList();
        return users.findByIds(ids).stream().collect(Collectors.toMap(User::id, Function.identity()));
    }

    private RoomSummary summary(Room room, Member m, Map<String, User> peers, int memberCount) {
        Optional<Message> last = messageStore.latest(room.id());
        MessageView lastView =
                last.map(msg -> messages.views(List.of(msg)).get(0)).orElse(null);
        long lastSeq = last.map(Message::seq).orElse(0L);
        Instant activity = last.map(Message::createdAt).orElse(room.createdAt());
        User peer = room.isDirect() ? peers.get(room.peerOf(m.userId())) : null;
        return new RoomSummary(
                room.id(),
                kind(room),
                room.visibility().wire(),
                peer == null ? null : Person.of(peer),
                peer == null ? room.name() : peer.displayName(),
                room.description(),
                m.role().wire(),
                memberCount,
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
        return update(actor, roomId, name, description, null);
    }

    /** Edits the name, description or visibility (each null: unchanged); owner or admin. */
    public RoomDetail update(User actor, String roomId, String name, String description, String visibility) {
        Room room = find(roomId);
        Role role = requireMember(room, actor.id()).role();
        requireNotDirect(room);
        if (role == Role.MEMBER) {
            throw new ForbiddenException("Only the owner and admins can edit the room.");
        }
        String newName = name == null ? room.name() : checkName(name);
        String newDescription = description == null ? room.description() : checkDescription(description);
        Visibility newVisibility = visibility == null ? room.visibility() : checkVisibility(visibility);
        Instant now = now();
        if (newVisibility != room.visibility()) {
            rooms.setVisibility(room.id(), newVisibility, now);
            room = new Room(
                    room.id(),
                    room.name(),
                    room.description(),
                    room.createdBy(),
                    room.createdAt(),
                    now,
                    newVisibility,
                    null);
            events.roomUpdated(room);
            byActor(
                    actor,
                    room,
                    SystemEvent.of("room_updated").put("by", ref(actor)).put("visibility", newVisibility.wire()));
        }
        if (newName.equals(room.name()) && newDescription.equals(room.description())) {
            return detail(room, actor.id());
        }
        rooms.update(room.id(), newName, newDescription, now);
        Room updated = new Room(
                room.id(), newName, newDescription, room.createdBy(), room.createdAt(), now, room.visibility(), null);
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
        requireMember(room, actor.id());
        requireNotDirect(room);
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
        requireNotDirect(room);
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
        requireNotDirect(room);
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
        requireNotDirect(room);
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
        requireMember(room, actor.id());
        requireNotDirect(room);
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
        deletedRooms.accept(room.id());
    }

    /** Stores a system message that {@code actor} caused; it is not unread for them. */
    private MessageView byActor(User actor, Room room, SystemEvent event) {
        MessageView system = messages.appendSystem(room.id(), event);
        members.advanceLastRead(room.id(), actor.id(), system.seq());
        return system;
    }

    /** A room, and whether this call made it (a direct message) or joined it (a public room, an invite). */
    public record Opened(RoomDetail room, boolean created) {}

    /**
     * The direct message between {@code me} and {@code userId}: the existing one, or a new one.
     * The store's unique key per pair makes this race-safe: of two concurrent first calls, one
     * stores the room and the other returns it. A new one is refused when either has blocked the
     * other; an existing one is always returned (its history stays readable).
     */
    public Opened openDirect(User me, String userId) {
        if (me.id().equals(userId)) {
            throw new InvalidException("direct_with_self", "You cannot start a direct message with yourself.");
        }
        User peer = activeUser(userId);
        String key = Room.directKey(me.id(), peer.id());
        Optional<Room> existing = rooms.findDirect(key);
        if (existing.isPresent() && members.find(existing.get().id(), me.id()).isPresent()) {
            return new Opened(detail(existing.get(), me.id()), false);
        }
        if (blocks.isBlocked(me.id(), peer.id())) {
            throw new ForbiddenException("blocked", "You have blocked this person; unblock them first.");
        }
        if (blocks.isBlocked(peer.id(), me.id())) {
            throw new ForbiddenException("blocked", "This person is not accepting direct messages from you.");
        }
        Instant now = now();
        Room room = existing.orElseGet(() -> new Room(Ids.newId(), "", "", me.id(), now, now, Visibility.PRIVATE, key));
        if (existing.isEmpty() && !rooms.createDirect(room)) {
            room = rooms.findDirect(key).orElseThrow();
        }
        // Members are added after the room is claimed; a crash in between is mended by the next call.
        boolean added = members.add(new Member(room.id(), me.id(), Role.MEMBER, now, 0))
                | members.add(new Member(room.id(), peer.id(), Role.MEMBER, now, 0));
        if (added) {
            memberships.changed(List.of(me.id(), peer.id()));
            events.roomCreated(room, List.of(me.id(), peer.id()));
        }
        return new Opened(detail(room, me.id()), added);
    }

    /**
     * Refuses a message to a direct message whose other person has blocked the sender, or whom
     * the sender has blocked. Called by the message service for every send, after its own
     * membership check; costs nothing for rooms after the first send.
     */
    public void checkCanSend(String userId, String roomId) {
        Optional<String> key = directKeys.get(roomId, id -> rooms.findById(id).map(Room::directKey));
        if (key.isEmpty()) {
            return;
        }
        String[] pair = key.get().split(":");
        String peer = pair[0].equals(userId) ? pair[1] : pair[0];
        if (blocks.isBlocked(peer, userId)) {
            throw new ForbiddenException("blocked", "This person is not accepting direct messages from you.");
        }
        if (blocks.isBlocked(userId, peer)) {
            throw new ForbiddenException("blocked", "You have blocked this person; unblock them to send.");
        }
    }

    /** A page of public rooms, with their sizes and whether the caller is in each: two queries. */
    public List<PublicRoom> publicRooms(String userId, int offset, int limit) {
        List<Room> page = rooms.listPublic(offset, Math.min(limit, MAX_PUBLIC_PAGE));
        Map<String, Integer> sizes =
                members.countByRooms(page.stream().map(Room::id).toList());
        Set<String> mine = memberships.roomIdsOf(userId);
        return page.stream()
                .map(r -> new PublicRoom(
                        r.id(),
                        r.name(),
                        r.description(),
                        sizes.getOrDefault(r.id(), 0),
                        mine.contains(r.id()),
                        r.createdAt()))
                .toList();
    }

    /** Joins a public room; a private room (or none) is 404, as for any non-member. */
    public Opened joinPublic(User user, String roomId) {
        Room room = find(roomId);
        if (room.visibility() != Visibility.PUBLIC || room.isDirect()) {
            throw roomNotFound();
        }
        return join(user, room, "public");
    }

    /**
     * Makes {@code user} a member, as joining by themselves, through the same path as every other
     * membership change. Already a member: nothing changes, and {@code created} is false.
     */
    Opened join(User user, Room room, String via) {
        requireNotDirect(room);
        Instant now = now();
        if (!members.add(new Member(room.id(), user.id(), Role.MEMBER, now, 0))) {
            return new Opened(detail(room, user.id()), false);
        }
        memberships.changed(user.id());
        events.membersAdded(room, List.of(memberView(user, Role.MEMBER, now)));
        byActor(
                user,
                room,
                SystemEvent.of("member_joined").put("user", ref(user)).put("via", via));
        return new Opened(detail(room, user.id()), true);
    }

    private User activeUser(String userId) {
        return Optional.ofNullable(Ids.isWellFormed(userId) ? userId : null)
                .flatMap(users::findById)
                .filter(u -> !u.deactivated())
                .orElseThrow(() -> new NotFoundException("user_not_found", "No such user."));
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

    Room find(String roomId) {
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
        // A direct message is named after the other person, as each of the two sees it.
        String name = room.isDirect()
                ? Optional.ofNullable(byId.get(room.peerOf(userId)))
                        .map(User::displayName)
                        .orElse(room.name())
                : room.name();
        return new RoomDetail(
                room.id(),
                kind(room),
                room.visibility().wire(),
                name,
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
                user.id(),
                user.username(),
                user.displayName(),
                role.wire(),
                joinedAt,
                presence.isOnline(user.id()),
                Person.avatarUrl(user));
    }

    private static String kind(Room room) {
        return room.isDirect() ? "direct" : "room";
    }

    /** Direct messages have no settings, roles or other members; they are refused with this. */
    static void requireNotDirect(Room room) {
        if (room.isDirect()) {
            throw new ForbiddenException(
                    "direct_message", "A direct message has no settings or roles, and nobody can join it.");
        }
    }

    private static Visibility checkVisibility(String value) {
        return Visibility.fromWire(value.toLowerCase(Locale.ROOT))
                .orElseThrow(() ->
                        new InvalidException("invalid_visibility", "A room's visibility is 'private' or 'public'."));
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
