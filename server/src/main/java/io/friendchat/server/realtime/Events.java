package io.friendchat.server.realtime;

/**
 * Every Socket.IO event name of the chat, as documented in docs/protocol.md. The web client
 * defines the same names in web/js/events.js.
 */
public final class Events {
    // client -> server
    public static final String ROOM_JOIN = "room:join";
    public static final String ROOM_LEAVE = "room:leave";
    public static final String MESSAGE_SEND = "message:send";
    public static final String MESSAGE_HISTORY = "message:history";
    public static final String TYPING_START = "typing:start";
    public static final String TYPING_STOP = "typing:stop";
    public static final String ROOM_READ = "room:read";
    public static final String MESSAGE_EDIT = "message:edit";
    public static final String MESSAGE_DELETE = "message:delete";
    public static final String MESSAGE_REACT = "message:react";
    public static final String MESSAGE_CHANGES = "message:changes";
    public static final String ROOM_NOTIFY = "room:notify";

    // server -> client
    public static final String MESSAGE_NEW = "message:new";
    public static final String MESSAGE_CHANGED = "message:changed";
    public static final String MEMBER_JOINED = "member:joined";
    public static final String MEMBER_LEFT = "member:left";
    public static final String TYPING = "typing";
    public static final String PRESENCE = "presence";
    public static final String MEMBER_ADDED = "member:added";
    public static final String MEMBER_REMOVED = "member:removed";
    public static final String MEMBER_ROLE = "member:role";
    public static final String ROOM_ADDED = "room:added";
    public static final String ROOM_UPDATED = "room:updated";
    public static final String ROOM_REMOVED = "room:removed";
    public static final String ROOM_DELETED = "room:deleted";

    private Events() {}
}
