// The chat's Socket.IO event names, defined once for the web app. The server defines the same
// names in realtime/Events.java; docs/protocol.md ("Chat events") lists payloads and acks.

// Client to server.
export const ROOM_JOIN = 'room:join';
export const ROOM_LEAVE = 'room:leave';
export const MESSAGE_SEND = 'message:send';
export const MESSAGE_HISTORY = 'message:history';
export const TYPING_START = 'typing:start';
export const TYPING_STOP = 'typing:stop';
export const ROOM_READ = 'room:read';
export const MESSAGE_EDIT = 'message:edit';
export const MESSAGE_DELETE = 'message:delete';
export const MESSAGE_REACT = 'message:react';
export const MESSAGE_CHANGES = 'message:changes';
export const ROOM_NOTIFY = 'room:notify';

// Server to client (ROOM_READ and ROOM_NOTIFY go both ways).
export const MESSAGE_NEW = 'message:new';
export const MESSAGE_CHANGED = 'message:changed';
export const MEMBER_JOINED = 'member:joined';
export const MEMBER_LEFT = 'member:left';
export const TYPING = 'typing';
export const PRESENCE = 'presence';
export const MEMBER_ADDED = 'member:added';
export const MEMBER_REMOVED = 'member:removed';
export const MEMBER_ROLE = 'member:role';
export const ROOM_ADDED = 'room:added';
export const ROOM_UPDATED = 'room:updated';
export const ROOM_REMOVED = 'room:removed';
export const ROOM_DELETED = 'room:deleted';
