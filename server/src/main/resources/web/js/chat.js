// The live side of the app: one Socket.IO connection per tab, the dashboard rows kept current
// from its events, and the state of the room being viewed (messages by seq, pending sends,
// typing, presence). Views listen for 'change' events and re-render what they show.
import { io } from '../vendor/socket.io.esm.min.js';
import { api } from './api.js';
import * as E from './events.js';

const ACK_TIMEOUT_MS = 10000;
// A connection attempt (the transport's handshake, then the namespace's) that has not finished
// by then is given up and retried: one that was in flight when the network went away can hang
// until socket.io's own default of 20 s.
const CONNECT_TIMEOUT_MS = 4000;
const TYPING_LAPSE_MS = 6000;
// A quote's excerpt: the start of the quoted text, as the server cuts it (docs/api.md).
const QUOTE_CHARS = 200;

export class AckError extends Error {
  constructor(code, message, retryAfter) {
    super(message);
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export class Chat extends EventTarget {
  constructor(me) {
    super();
    this.me = me;
    this.rooms = new Map();
    // False until the room list has come from the server once: until then nobody can say
    // whether the user has rooms, and the list says it is loading.
    this.roomsLoaded = false;
    this.roomsError = null;
    this.connected = false;
    this.everConnected = false;
    this.view = null;
    this.socket = null;
    // Set when the server dropped our sockets: the session must be checked before reconnecting.
    this.serverDropped = false;
    this.onOnline = () => this.reconnectNow();
    this.onOffline = () => this.restart();
    this.onPageShow = (ev) => {
      if (ev.persisted) this.reconnectNow();
    };
    this.onVisibility = () => {
      if (document.visibilityState === 'visible') this.reconnectNow();
    };
  }

  changed(what, detail = {}) {
    this.dispatchEvent(new CustomEvent('change', { detail: { what, ...detail } }));
  }

  start() {
    this.socket = io({ withCredentials: true, timeout: CONNECT_TIMEOUT_MS });
    const s = this.socket;
    // The transport is open; the namespace's connect must follow soon, or the link is not usable.
    s.io.on('open', () => this.watchConnect());
    s.io.on('close', () => clearTimeout(this.connectWatch));
    s.on('connect', () => this.onConnect());
    s.on('disconnect', (reason) => this.onDisconnect(reason));
    s.on('connect_error', (err) => {
      if (err && err.message === 'unauthorized') this.changed('session-ended');
    });
    s.on(E.MESSAGE_NEW, (p) => this.onMessage(p.message));
    s.on(E.MESSAGE_CHANGED, (p) => this.onChanged(p.message));
    s.on(E.ROOM_READ, (p) => this.onRead(p.roomId, p.lastReadSeq, p.mentionCount));
    s.on(E.ROOM_NOTIFY, (p) => this.onNotify(p.roomId, p.notify));
    s.on(E.ROOM_ADDED, (p) => this.upsertRow(p.room));
    s.on(E.ROOM_UPDATED, (p) => this.onRoomUpdated(p));
    s.on(E.ROOM_REMOVED, (p) => this.onRoomGone(p.roomId, 'removed'));
    s.on(E.ROOM_DELETED, (p) => this.onRoomGone(p.roomId, 'deleted'));
    s.on(E.MEMBER_JOINED, (p) => this.view && this.view.onPresenceNotice(p, true));
    s.on(E.MEMBER_LEFT, (p) => this.view && this.view.onPresenceNotice(p, false));
    s.on(E.MEMBER_ADDED, (p) => this.onMembersAdded(p));
    s.on(E.MEMBER_REMOVED, (p) => this.onMemberRemoved(p));
    s.on(E.MEMBER_ROLE, (p) => this.view && this.view.onRole(p));
    s.on(E.PRESENCE, (p) => this.view && this.view.onPresence(p));
    s.on(E.TYPING, (p) => this.view && this.view.onTyping(p));
    // socket.io waits out its backoff (up to 5 s) before trying again; when the browser says the
    // network or the page is back, try at once instead.
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('pageshow', this.onPageShow);
    document.addEventListener('visibilitychange', this.onVisibility);
    return this.loadRooms();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.recheckTimer);
    clearTimeout(this.connectWatch);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('pageshow', this.onPageShow);
    document.removeEventListener('visibilitychange', this.onVisibility);
    if (this.socket) {
      this.socket.removeAllListeners();
      this.socket.disconnect();
    }
    if (this.view) this.view.close();
  }

  /** Emits an event and resolves with its ack, or rejects with an AckError. */
  request(event, payload) {
    return new Promise((resolve, reject) => {
      if (!this.connected) {
        reject(new AckError('disconnected', 'Not connected.'));
        return;
      }
      this.socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (err, answer) => {
        if (err && !this.socket.connected) {
          reject(new AckError('disconnected', 'Not connected.'));
        } else if (err) {
          reject(new AckError('timeout', 'The server did not answer in time.'));
          // The socket looks connected but nothing came back: the link may be half dead, which
          // socket.io would notice only after its ping timeout. A new connection tells at once.
          this.restart();
        } else if (answer && answer.error) {
          reject(new AckError(answer.error.code, answer.error.message, answer.error.retryAfter));
        } else resolve(answer || {});
      });
    });
  }

  /** Connects at once when not connected, instead of waiting for socket.io's next attempt. */
  reconnectNow() {
    if (!this.stopped && this.socket && !this.socket.connected) this.restart();
  }

  /**
   * Drops the connection, or the attempt in flight and the backoff wait, and connects again at
   * once. After the server dropped us, the session is checked first.
   */
  restart() {
    if (this.stopped || !this.socket) return;
    clearTimeout(this.connectWatch);
    // A client-side disconnect also cancels socket.io's reconnection timer and its half-open transport.
    this.socket.disconnect();
    if (this.serverDropped) {
      clearTimeout(this.recheckTimer);
      this.recheckSession();
    } else {
      this.socket.connect();
    }
  }

  watchConnect() {
    clearTimeout(this.connectWatch);
    this.connectWatch = setTimeout(() => {
      if (!this.socket.connected) this.restart();
    }, CONNECT_TIMEOUT_MS);
  }

  onConnect() {
    clearTimeout(this.connectWatch);
    this.serverDropped = false;
    this.connected = true;
    const reconnect = this.everConnected;
    this.everConnected = true;
    this.changed('connection');
    if (reconnect) this.loadRooms();
    if (this.view) this.view.join();
  }

  onDisconnect(reason) {
    this.connected = false;
    if (this.view) this.view.onDisconnect();
    this.changed('connection');
    // The server disconnects a socket itself when its session ended (logout, password change),
    // and socket.io-client then does not reconnect. An operator may also drop sockets of a live
    // session: ask the API which it was, and reconnect by hand when the session still holds.
    if (reason === 'io server disconnect') {
      this.serverDropped = true;
      this.recheckSession();
    }
  }

  async recheckSession() {
    if (this.stopped) return;
    const check = (this.sessionCheck = {});
    try {
      const { user } = await api.session(CONNECT_TIMEOUT_MS);
      if (check !== this.sessionCheck) return;
      if (!user) this.changed('session-ended');
      else if (!this.stopped && !this.socket.connected) this.socket.connect();
    } catch {
      if (check !== this.sessionCheck) return;
      this.recheckTimer = setTimeout(() => this.recheckSession(), 2000);
    }
  }

  async loadRooms() {
    try {
      const { rooms } = await api.rooms();
      if (this.stopped) return;
      this.rooms = new Map(rooms.map((r) => [r.id, r]));
      this.roomsLoaded = true;
      this.roomsError = null;
      if (this.view) {
        const row = this.rooms.get(this.view.id);
        // A read marker sent while the list was on its way counts still.
        if (row && this.view.readSent > (row.lastReadSeq || 0)) {
          row.lastReadSeq = this.view.readSent;
          row.unread = Math.max(0, (row.lastSeq || 0) - row.lastReadSeq);
        }
      }
      this.changed('rooms');
    } catch (e) {
      if (this.stopped) return;
      if (e.status === 401) {
        this.changed('session-ended');
      } else if (!this.roomsLoaded) {
        // Said in the list, with a way to try again; a reconnect also tries again.
        this.roomsError = e.message;
        this.changed('rooms');
      }
    }
  }

  /** Dashboard rows, most recently active first. */
  sortedRooms() {
    return [...this.rooms.values()].sort((a, b) => String(b.lastActivityAt || '').localeCompare(String(a.lastActivityAt || '')));
  }

  totalUnread() {
    let total = 0;
    for (const r of this.rooms.values()) total += Math.max(0, r.unread || 0);
    return total;
  }

  totalMentions() {
    let total = 0;
    for (const r of this.rooms.values()) total += Math.max(0, r.mentionCount || 0);
    return total;
  }

  mentions(message) {
    return !!(message && Array.isArray(message.mentions) && message.mentions.includes(this.me.id));
  }

  upsertRow(row) {
    this.rooms.set(row.id, row);
    this.changed('rooms');
  }

  isMine(message) {
    if (message.kind === 'system') return !!(message.system && message.system.by && message.system.by.id === this.me.id);
    return !!(message.author && message.author.id === this.me.id);
  }

  onMessage(message) {
    if (!message) return;
    const row = this.rooms.get(message.roomId);
    if (!row) {
      this.loadRooms();
    } else if (message.seq > (row.lastSeq || 0)) {
      row.lastSeq = message.seq;
      row.lastMessage = message;
      row.lastActivityAt = message.createdAt;
      if (this.isMine(message)) row.lastReadSeq = Math.max(row.lastReadSeq || 0, message.seq);
      else if (this.mentions(message) && message.seq > (row.lastReadSeq || 0)) row.mentionCount = (row.mentionCount || 0) + 1;
      row.unread = Math.max(0, row.lastSeq - (row.lastReadSeq || 0));
      this.dispatchEvent(new CustomEvent('incoming', { detail: { message, row } }));
    }
    if (this.view && this.view.id === message.roomId) this.view.onMessage(message);
    this.changed('rooms');
  }

  /** An edit, deletion or reaction: the message's whole current state, with its new rev. */
  onChanged(message) {
    if (!message) return;
    const row = this.rooms.get(message.roomId);
    if (row && row.lastMessage && row.lastMessage.id === message.id) {
      row.lastMessage = message;
      this.changed('rooms');
    }
    if (this.view && this.view.id === message.roomId) this.view.onChanged([message]);
  }

  /**
   * The read marker moved (here or on another device). `mentionCount` comes from the server;
   * without it the count drops to what is known to be still unread.
   */
  onRead(roomId, lastReadSeq, mentionCount) {
    const row = this.rooms.get(roomId);
    if (!row) return;
    row.lastReadSeq = Math.max(row.lastReadSeq || 0, lastReadSeq);
    row.unread = Math.max(0, (row.lastSeq || 0) - row.lastReadSeq);
    if (typeof mentionCount === 'number') row.mentionCount = mentionCount;
    else if (row.unread === 0) row.mentionCount = 0;
    this.changed('rooms');
  }

  onNotify(roomId, notify) {
    const row = this.rooms.get(roomId);
    if (row) row.notify = notify;
    if (this.view && this.view.id === roomId && this.view.room) this.view.room.notify = notify;
    this.changed('rooms');
  }

  /** Sets the notification level for a room (all, mentions, none), stored on the membership. */
  async setNotify(roomId, level) {
    const { notify } = await api.setNotify(roomId, level);
    this.onNotify(roomId, notify);
    return notify;
  }

  onRoomUpdated({ roomId, name, description }) {
    const row = this.rooms.get(roomId);
    if (row) {
      row.name = name;
      row.description = description;
    }
    if (this.view && this.view.id === roomId && this.view.room) {
      this.view.room.name = name;
      this.view.room.description = description;
      this.view.changed('room');
    }
    this.changed('rooms');
  }

  onRoomGone(roomId, why) {
    this.rooms.delete(roomId);
    if (this.view && this.view.id === roomId && !this.view.gone) {
      this.view.gone = why;
      this.view.changed('room');
    }
    this.changed('rooms');
  }

  onMembersAdded({ roomId, members }) {
    const row = this.rooms.get(roomId);
    if (row) row.memberCount = (row.memberCount || 0) + members.length;
    if (this.view && this.view.id === roomId) this.view.onMembersAdded(members);
    this.changed('rooms');
  }

  onMemberRemoved({ roomId, userId }) {
    if (userId === this.me.id) {
      this.onRoomGone(roomId, 'removed');
      return;
    }
    const row = this.rooms.get(roomId);
    if (row) row.memberCount = Math.max(1, (row.memberCount || 1) - 1);
    if (this.view && this.view.id === roomId) this.view.onMemberRemoved(userId);
    this.changed('rooms');
  }

  /** Starts viewing a room; the previous one, if any, is left. */
  open(roomId) {
    if (this.view && this.view.id === roomId) return this.view;
    if (this.view) this.view.close();
    this.view = new RoomView(this, roomId);
    if (this.connected) this.view.join();
    else this.view.loadOverHttp();
    return this.view;
  }

  close() {
    if (this.view) this.view.close();
    this.view = null;
  }
}

/** One room being viewed: its detail, its messages in seq order, sends in flight, typing. */
export class RoomView extends EventTarget {
  constructor(chat, id) {
    super();
    this.chat = chat;
    this.id = id;
    this.room = null;
    this.messages = new Map();
    this.minSeq = 0;
    this.maxSeq = 0;
    this.hasMoreBefore = false;
    this.loadingOlder = null;
    this.pending = new Map();
    this.notices = [];
    this.typing = new Map();
    this.gone = null;
    this.error = null;
    this.joining = null;
    this.readSent = 0;
    // The members' online flags are known only from a join on a live socket, and are kept
    // current by presence events only while it stays connected.
    this.presenceKnown = false;
    this.closed = false;
    this.generation = 0;
    // True once the room and its first messages are here (joined, or read over HTTP meanwhile).
    this.joined = false;
    // The highest rev seen: with maxSeq, the cursors a rejoin catches up from.
    this.rev = 0;
    // The read marker when the room was opened: the "New messages" line goes after it.
    this.readAtOpen = null;
  }

  changed(what) {
    if (!this.closed) this.dispatchEvent(new CustomEvent('change', { detail: { what } }));
  }

  get me() {
    return this.chat.me;
  }

  add(messages) {
    let added = false;
    for (const m of messages) {
      if (m.roomId && m.roomId !== this.id) continue;
      this.rev = Math.max(this.rev, m.rev || 0);
      if (this.messages.has(m.seq)) {
        // A copy in a newer state (a page fetched after an edit) replaces the one held.
        if ((m.rev || 0) > (this.messages.get(m.seq).rev || 0)) {
          this.messages.set(m.seq, m);
          this.refreshQuotes(m);
          added = true;
        }
        continue;
      }
      this.messages.set(m.seq, m);
      if (m.clientId && m.author && m.author.id === this.me.id) this.settle(m.clientId);
      this.maxSeq = Math.max(this.maxSeq, m.seq);
      this.minSeq = this.minSeq === 0 ? m.seq : Math.min(this.minSeq, m.seq);
      added = true;
    }
    return added;
  }

  /**
   * The server sends a changed message alone, not the replies quoting it: their quotes are
   * brought up to date here (the excerpt is the start of the text as it is now).
   */
  refreshQuotes(changed) {
    let refreshed = false;
    for (const [seq, m] of this.messages) {
      if (!m.replyTo || m.replyTo.id !== changed.id) continue;
      const excerpt = changed.deleted ? '' : [...(changed.body || '')].slice(0, QUOTE_CHARS).join('');
      this.messages.set(seq, { ...m, replyTo: { ...m.replyTo, excerpt, deleted: !!changed.deleted } });
      refreshed = true;
    }
    return refreshed;
  }

  /**
   * Edits, deletions and reactions, each message in its current state: a newer copy replaces
   * the one held. A message not held lies outside the pages loaded and is not added (it would
   * show above a gap), but the quotes of the replies held follow it all the same. Returns
   * whether anything shown changed.
   */
  applyChanges(messages) {
    let changed = false;
    for (const m of messages) {
      if (m.roomId && m.roomId !== this.id) continue;
      if (this.messages.has(m.seq)) changed = this.add([m]) || changed;
      else {
        this.rev = Math.max(this.rev, m.rev || 0);
        changed = this.refreshQuotes(m) || changed;
      }
    }
    return changed;
  }

  /** Messages in seq order. */
  ordered() {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }

  /**
   * Joins (or re-joins after a reconnect): the first time for the latest page, later with
   * sinceSeq, then message:history {afterSeq} while hasMore, so there is no gap; adding by
   * seq means no duplicates. Pending sends go out again afterwards with their clientIds.
   */
  async join() {
    if (this.closed || this.gone) return;
    const generation = ++this.generation;
    const since = this.maxSeq;
    const sinceRev = this.rev;
    try {
      const answer = await this.chat.request(E.ROOM_JOIN, since > 0 ? { roomId: this.id, sinceSeq: since, sinceRev }
        : { roomId: this.id });
      if (generation !== this.generation || this.closed) return;
      this.room = answer.room;
      this.presenceKnown = this.chat.connected;
      this.error = null;
      if (this.readAtOpen === null) this.readAtOpen = answer.room.lastReadSeq || 0;
      this.add(answer.messages || []);
      this.applyChanges(answer.changes || []);
      if (since === 0) this.hasMoreBefore = !!answer.hasMore;
      let more = since > 0 && answer.hasMore;
      while (more && generation === this.generation) {
        const page = await this.chat.request(E.MESSAGE_HISTORY, { roomId: this.id, afterSeq: this.maxSeq });
        this.add(page.messages || []);
        more = page.hasMore && (page.messages || []).length > 0;
      }
      // Changes to older messages beyond the first 1,000 come page by page.
      more = since > 0 && (answer.changes || []).length >= 1000;
      while (more && generation === this.generation) {
        const page = await this.chat.request(E.MESSAGE_CHANGES, { roomId: this.id, afterRev: this.rev });
        this.applyChanges(page.messages || []);
        more = page.hasMore && (page.messages || []).length > 0;
      }
      if (generation !== this.generation) return;
      this.rev = Math.max(this.rev, answer.rev || 0);
      // The room opens at the first unread message: fetch older pages until it is here.
      if (since === 0) await this.loadUntil(this.readAtOpen + 1, 5);
      this.joined = true;
      this.changed('room');
      this.changed('messages');
      this.flushPending();
    } catch (e) {
      if (generation !== this.generation || this.closed) return;
      if (e.code === 'room_not_found') {
        this.gone = 'missing';
        this.changed('room');
      } else if (e.code !== 'disconnected') {
        this.error = e.message;
        this.changed('room');
      }
    }
  }

  /** While the socket is (re)connecting, show the room and its latest page from the HTTP API. */
  async loadOverHttp() {
    try {
      const [{ room }, page] = await Promise.all([api.room(this.id), api.history(this.id)]);
      if (this.closed || this.room) return;
      this.room = room;
      if (this.readAtOpen === null) this.readAtOpen = room.lastReadSeq || 0;
      this.add(page.messages || []);
      this.hasMoreBefore = !!page.hasMore;
      this.joined = true;
      this.changed('room');
      this.changed('messages');
    } catch (e) {
      if (this.closed || this.room) return;
      if (e.status === 404) this.gone = 'missing';
      else this.error = e.message;
      this.changed('room');
    }
  }

  /** Fetches the page before the oldest message held; a load already under way is awaited instead. */
  loadOlder(limit = 50) {
    if (this.loadingOlder) return this.loadingOlder;
    if (!this.hasMoreBefore || !this.chat.connected || this.minSeq <= 1) return Promise.resolve();
    this.loadingOlder = this.fetchOlder(limit);
    return this.loadingOlder;
  }

  async fetchOlder(limit) {
    try {
      const page = await this.chat.request(E.MESSAGE_HISTORY, { roomId: this.id, beforeSeq: this.minSeq, limit });
      this.add(page.messages || []);
      this.hasMoreBefore = !!page.hasMore;
    } catch (e) {
      this.error = e.message;
    } finally {
      this.loadingOlder = null;
      this.changed('messages');
    }
  }

  /** Loads older pages (of 100, at most `pages`) until the message `seq` is here. True when it is. */
  async loadUntil(seq, pages = 50) {
    for (let i = 0; i < pages && this.minSeq > seq && this.hasMoreBefore && !this.closed; i++) {
      const before = this.minSeq;
      await this.loadOlder(100);
      if (this.minSeq === before) break;
    }
    return this.messages.has(seq);
  }

  /** Edits, deletions and reactions, as they happen (see applyChanges). */
  onChanged(messages) {
    if (this.applyChanges(messages)) this.changed('messages');
  }

  /** Edits one of the user's messages; the ack's message replaces the copy held. */
  async edit(message, text) {
    const answer = await this.chat.request(E.MESSAGE_EDIT, { roomId: this.id, messageId: message.id, text });
    this.onChanged([answer.message]);
  }

  async remove(message) {
    const answer = await this.chat.request(E.MESSAGE_DELETE, { roomId: this.id, messageId: message.id });
    this.onChanged([answer.message]);
  }

  /** Adds (add true) or takes back (add false) the user's reaction. */
  async react(message, emoji, add) {
    const answer = await this.chat.request(E.MESSAGE_REACT, { roomId: this.id, messageId: message.id, emoji, add });
    this.onChanged([answer.message]);
  }

  onMessage(message) {
    const gap = this.room && this.maxSeq > 0 && message.seq > this.maxSeq + 1;
    if (this.add([message])) {
      this.typing.delete(message.author && message.author.id);
      this.changed('messages');
      if (message.kind === 'system') this.refreshRoom();
      this.dispatchEvent(new CustomEvent('incoming', { detail: { message } }));
    }
    if (gap) this.catchUp();
  }

  async catchUp() {
    try {
      let more = true;
      while (more) {
        const page = await this.chat.request(E.MESSAGE_HISTORY, { roomId: this.id, afterSeq: this.maxSeq });
        this.add(page.messages || []);
        more = page.hasMore && (page.messages || []).length > 0;
      }
      this.changed('messages');
    } catch {
      // The next reconnect's join catches up.
    }
  }

  /** A system message may mean new members or roles: fetch the room's detail again. */
  async refreshRoom() {
    try {
      const { room } = await api.room(this.id);
      if (!this.closed) {
        this.room = room;
        this.changed('room');
      }
    } catch {
      // Removal or deletion arrives as its own event.
    }
  }

  /**
   * The user has seen the messages up to `seq` (the room screen says so as they come into view
   * of a visible tab): the read marker moves there, never further than the messages held.
   */
  markRead(seq) {
    seq = Math.min(seq, this.maxSeq);
    if (seq <= this.readSent || seq <= ((this.room && this.room.lastReadSeq) || 0) || !this.chat.connected) return;
    this.readSent = seq;
    this.chat.onRead(this.id, seq);
    this.chat.request(E.ROOM_READ, { roomId: this.id, seq }).then((answer) => {
      if (answer && typeof answer.lastReadSeq === 'number') this.chat.onRead(this.id, answer.lastReadSeq, answer.mentionCount);
    }, () => {
      this.readSent = 0;
    });
  }

  /**
   * Sends a message. It stays in `pending` until the server's ack or its own message:new (by
   * clientId) confirms it; every attempt, automatic or the user's Retry, reuses the clientId,
   * so the server stores it once however often it goes out. Statuses: 'queued' (not on the wire
   * yet), 'sending', 'unsent' (no ack in time: shown as not sent, with Retry, and sent again
   * after a reconnect) and 'failed' (refused by the server: only the user's Retry sends it).
   */
  send(text, { replyTo = null, file = null } = {}) {
    const clientId = crypto.randomUUID();
    const p = { clientId, text, replyTo, file, status: 'queued', createdAt: new Date().toISOString() };
    this.pending.set(clientId, p);
    this.arm(p);
    this.changed('messages');
    this.trySend(clientId);
    this.stopTyping();
  }

  /** Marks a send as not sent when no ack has come ACK_TIMEOUT_MS after its latest attempt began. */
  arm(p) {
    clearTimeout(p.deadline);
    p.deadline = setTimeout(() => {
      if (this.pending.get(p.clientId) === p && (p.status === 'queued' || p.status === 'sending')) {
        p.status = 'unsent';
        this.changed('messages');
      }
    }, ACK_TIMEOUT_MS);
  }

  settle(clientId) {
    const p = this.pending.get(clientId);
    if (!p) return;
    clearTimeout(p.deadline);
    this.pending.delete(clientId);
  }

  retry(clientId) {
    const p = this.pending.get(clientId);
    if (!p) return;
    p.status = 'queued';
    p.error = null;
    this.arm(p);
    this.changed('messages');
    if (this.chat.connected) this.trySend(clientId);
    else this.chat.reconnectNow();
  }

  discard(clientId) {
    this.settle(clientId);
    this.changed('messages');
  }

  async trySend(clientId) {
    const p = this.pending.get(clientId);
    if (!p || !this.chat.connected || !this.room) return;
    if (p.status === 'unsent') this.arm(p);
    p.status = 'sending';
    const generation = this.generation;
    try {
      const payload = { roomId: this.id, clientId, text: p.text };
      if (p.replyTo) payload.replyToId = p.replyTo.id;
      if (p.file) payload.fileId = p.file.id;
      const { message } = await this.chat.request(E.MESSAGE_SEND, payload);
      this.settle(clientId);
      this.chat.onMessage(message);
      this.changed('messages');
    } catch (e) {
      if (this.pending.get(clientId) !== p) return;
      if (e.code === 'timeout') {
        // Shown as not sent even though the connection is being renewed (which bumps the
        // generation); the rejoin sends it again.
        p.status = 'unsent';
        this.changed('messages');
        return;
      }
      if (generation !== this.generation) return;
      if (e.code === 'disconnected') {
        p.status = 'queued';
      } else if (e.code === 'rate_limited') {
        p.status = 'queued';
        setTimeout(() => this.trySend(clientId), (e.retryAfter || 1) * 1000);
      } else {
        clearTimeout(p.deadline);
        p.status = 'failed';
        p.error = e.message;
      }
      this.changed('messages');
    }
  }

  /** After a (re)join: everything not refused goes out again, with its own clientId. */
  flushPending() {
    for (const p of this.pending.values()) {
      if (p.status !== 'failed') this.trySend(p.clientId);
    }
  }

  onDisconnect() {
    this.generation++;
    this.presenceKnown = false;
    for (const p of this.pending.values()) {
      if (p.status === 'sending') p.status = 'queued';
    }
    this.typing.clear();
    this.changed('messages');
    this.changed('room');
  }

  onPresenceNotice({ roomId, user }, joined) {
    if (roomId !== this.id || !user || user.id === this.me.id) return;
    this.notices.push({ afterSeq: this.maxSeq, user, joined, at: new Date().toISOString(), key: this.notices.length });
    this.changed('messages');
  }

  onPresence({ userId, online }) {
    if (!this.room || !this.presenceKnown) return;
    const m = this.room.members.find((x) => x.id === userId);
    if (m) {
      m.online = online;
      this.changed('room');
    }
  }

  onMembersAdded(members) {
    if (!this.room) return;
    for (const m of members) {
      if (!this.room.members.some((x) => x.id === m.id)) this.room.members.push(m);
    }
    this.changed('room');
  }

  onMemberRemoved(userId) {
    if (!this.room) return;
    this.room.members = this.room.members.filter((m) => m.id !== userId);
    this.changed('room');
  }

  onRole({ roomId, member }) {
    if (roomId !== this.id || !this.room) return;
    this.room.members = this.room.members.map((m) => (m.id === member.id ? { ...m, ...member } : m));
    if (member.id === this.me.id) this.room.myRole = member.role;
    this.refreshRoom();
    this.changed('room');
  }

  onTyping({ roomId, userId, typing }) {
    if (roomId !== this.id || userId === this.me.id) return;
    clearTimeout(this.typing.get(userId));
    if (typing) this.typing.set(userId, setTimeout(() => {
      this.typing.delete(userId);
      this.changed('typing');
    }, TYPING_LAPSE_MS));
    else this.typing.delete(userId);
    this.changed('typing');
  }

  typingNames() {
    if (!this.room) return [];
    return [...this.typing.keys()].map((id) => {
      const m = this.room.members.find((x) => x.id === id);
      return m ? m.displayName || m.username : 'Someone';
    });
  }

  /** Called on each keystroke in the composer: typing:start at most every 2.5 s. */
  typed() {
    const now = Date.now();
    if (!this.chat.connected) return;
    if (!this.typingSince || now - this.typingSince > 2500) {
      this.typingSince = now;
      this.chat.request(E.TYPING_START, { roomId: this.id }).catch(() => {});
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), 3000);
  }

  stopTyping() {
    clearTimeout(this.typingIdle);
    if (!this.typingSince) return;
    this.typingSince = 0;
    if (this.chat.connected) this.chat.request(E.TYPING_STOP, { roomId: this.id }).catch(() => {});
  }

  close() {
    if (this.closed) return;
    this.stopTyping();
    this.closed = true;
    this.generation++;
    for (const t of this.typing.values()) clearTimeout(t);
    if (this.chat.connected && !this.gone) this.chat.request(E.ROOM_LEAVE, { roomId: this.id }).catch(() => {});
  }
}
