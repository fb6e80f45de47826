// Chat scenarios driven by the official socket.io-client against a running FriendChat server.
// Usage: node scenarios.mjs SCENARIO BASE_URL. Prints "ok SCENARIO" and exits 0 when every
// check held; otherwise prints what failed and exits 1. Run by NodeClientRealtimeTest.
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';

const [scenario, base] = process.argv.slice(2);
const deadline = setTimeout(() => fail(new Error(`${scenario} did not finish within 90 s`)), 90_000);
const opened = [];

function fail(error) {
  console.error(`FAILED ${scenario}: ${error.stack || error}`);
  process.exit(1);
}

async function api(method, path, body, token) {
  const headers = { Origin: base };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  else if (method !== 'GET') headers['X-Requested-With'] = 'node';
  if (token) headers.Cookie = `fc_session=${token}`;
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const cookie = res.headers.get('set-cookie');
  const token2 = cookie && /fc_session=([^;]+)/.exec(cookie)?.[1];
  return { status: res.status, json: text ? JSON.parse(text) : null, token: token2 || token };
}

async function signup(username) {
  const r = await api('POST', '/api/auth/signup',
    { username, email: `${username}@example.com`, password: `correct horse ${username} battery` });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return { username, id: r.json.user.id, token: r.token };
}

function connect(options) {
  const socket = io(base, { forceNew: true, reconnection: false, ...options });
  opened.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function waitFor(predicate, what, ms = 20_000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

// A client's copy of one room, kept as the web app keeps it: the messages by id, and the two
// cursors (highest seq, highest rev). A change replaces the whole message when it is newer, and
// refreshes the quotes of the replies to it, which carry its excerpt as it is now.
function roomCopy(roomId) {
  const messages = new Map();
  const copy = { messages, seq: 0, rev: 0 };
  const excerpt = (m) => (m.deleted ? '' : Array.from(m.body).slice(0, 200).join(''));
  copy.apply = (message) => {
    if (message.roomId !== roomId) return;
    const held = messages.get(message.id);
    if (held && held.rev >= message.rev) return;
    messages.set(message.id, message);
    copy.seq = Math.max(copy.seq, message.seq);
    copy.rev = Math.max(copy.rev, message.rev);
    for (const other of messages.values()) {
      if (other.replyTo && other.replyTo.id === message.id) {
        other.replyTo = { ...other.replyTo, excerpt: excerpt(message), deleted: message.deleted === true };
      }
    }
  };
  copy.follow = (socket) => {
    socket.on('message:new', ({ message }) => copy.apply(message));
    socket.on('message:changed', ({ message }) => copy.apply(message));
  };
  // room:join, or catch-up from the cursors, then every further page of either kind.
  copy.join = async (socket, catchUp) => {
    const ack = await socket.emitWithAck('room:join', catchUp ? { roomId, sinceSeq: copy.seq, sinceRev: copy.rev } : { roomId });
    assert.ok(!ack.error, JSON.stringify(ack));
    const since = copy.rev;
    ack.messages.forEach(copy.apply);
    ack.changes.forEach(copy.apply);
    copy.rev = Math.max(copy.rev, ack.rev);
    let more = ack.hasMore;
    while (more) {
      const page = await socket.emitWithAck('message:history', { roomId, afterSeq: copy.seq });
      page.messages.forEach(copy.apply);
      more = page.hasMore;
    }
    if (ack.changes.length === 1000) {
      let after = ack.changes[999].rev;
      for (;;) {
        const page = await socket.emitWithAck('message:changes', { roomId, afterRev: after });
        page.messages.forEach(copy.apply);
        if (!page.hasMore) break;
        after = page.messages[page.messages.length - 1].rev;
      }
    }
    return { ack, since };
  };
  copy.list = () => [...messages.values()].sort((a, b) => a.seq - b.seq);
  return copy;
}

const scenarios = {
  // 20 users send at once; every receiver sees one seq order, with no gaps and no duplicates.
  async ordering() {
    const senders = [];
    for (let i = 0; i < 20; i++) senders.push(await signup(`sender${i}`));
    const receivers = [];
    for (let i = 0; i < 3; i++) receivers.push(await signup(`receiver${i}`));
    const members = [...senders.slice(1), ...receivers].map(u => u.username);
    const room = await api('POST', '/api/rooms', { name: 'busy', members }, senders[0].token);
    assert.equal(room.status, 201);
    const roomId = room.json.room.id;
    const seen = [];
    for (const r of receivers) {
      const socket = await connect({ transports: ['websocket'], auth: { token: r.token } });
      const seqs = [];
      socket.on('message:new', ({ message }) => { if (message.roomId === roomId) seqs.push(message.seq); });
      seen.push(seqs);
    }
    const sockets = [];
    for (const s of senders) sockets.push(await connect({ transports: ['websocket'], auth: { token: s.token } }));
    const perSender = 10;
    const acks = await Promise.all(sockets.flatMap((socket, i) => Array.from({ length: perSender }, (_, k) =>
      socket.emitWithAck('message:send', { roomId, clientId: `s${i}-${k}`, text: `from ${i}: ${k}` }))));
    for (const ack of acks) assert.ok(ack.message, JSON.stringify(ack));
    const acked = acks.map(a => a.message.seq).sort((a, b) => a - b);
    for (let i = 1; i < acked.length; i++) assert.equal(acked[i], acked[i - 1] + 1, 'acked seqs have a gap');
    await waitFor(() => seen.every(s => s.length >= acks.length), 'every receiver to get every message');
    for (const seqs of seen) {
      assert.deepEqual(seqs, seen[0], 'receivers saw different orders');
      assert.equal(new Set(seqs).size, seqs.length, 'a receiver got a duplicate');
      for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `gap after seq ${seqs[i - 1]}`);
    }
    assert.deepEqual([...seen[0]].filter(s => acked.includes(s)), acked);
  },

  // A browser-style client (session cookie) with two tabs: both get messages and read markers.
  async twoTabs() {
    const alice = await signup('alice');
    const bob = await signup('bob');
    const roomId = (await api('POST', '/api/rooms', { name: 'tabs', members: ['bob'] }, alice.token)).json.room.id;
    const cookie = { extraHeaders: { Cookie: `fc_session=${bob.token}`, Origin: base } };
    const tab1 = await connect(cookie);
    const tab2 = await connect(cookie);
    const got = [];
    tab2.on('message:new', ({ message }) => got.push(message));
    const reads = [];
    tab2.on('room:read', r => reads.push(r));
    const ack = await tab1.emitWithAck('message:send', { roomId, clientId: 'tab1-1', text: 'from tab one' });
    await waitFor(() => got.some(m => m.id === ack.message.id), 'tab two to get tab one\'s message');
    const read = await tab1.emitWithAck('room:read', { roomId, seq: ack.message.seq });
    assert.equal(read.lastReadSeq, ack.message.seq);
    await waitFor(() => reads.some(r => r.lastReadSeq === ack.message.seq), 'tab two to get the read marker');
  },

  // Long-polling only, as behind a proxy that blocks WebSocket.
  async pollingOnly() {
    const alice = await signup('alice');
    const bob = await signup('bob');
    const roomId = (await api('POST', '/api/rooms', { name: 'poll', members: ['bob'] }, alice.token)).json.room.id;
    const a = await connect({ transports: ['polling'], auth: { token: alice.token } });
    const b = await connect({ transports: ['polling'], auth: { token: bob.token } });
    assert.equal(a.io.engine.transport.name, 'polling');
    const join = await b.emitWithAck('room:join', { roomId });
    assert.equal(join.room.name, 'poll');
    const got = [];
    b.on('message:new', ({ message }) => got.push(message.body));
    await a.emitWithAck('message:send', { roomId, clientId: 'p1', text: 'over polling' });
    await waitFor(() => got.includes('over polling'), 'the polled message');
  },

  // Carol is offline while messages are edited, deleted, reacted to, replied to and sent; once
  // back, room:join {sinceSeq, sinceRev} gives her exactly the room Bob, who stayed, has.
  async offlineChanges() {
    const alice = await signup('alice');
    const bob = await signup('bob');
    const carol = await signup('carol');
    const roomId = (await api('POST', '/api/rooms', { name: 'changes', members: ['bob', 'carol'] }, alice.token)).json.room.id;
    const a = await connect({ transports: ['websocket'], auth: { token: alice.token } });
    const b = await connect({ transports: ['websocket'], auth: { token: bob.token } });
    const c = await connect({ transports: ['websocket'], auth: { token: carol.token } });
    const bobs = roomCopy(roomId);
    const carols = roomCopy(roomId);
    bobs.follow(b);
    carols.follow(c);
    await bobs.join(b);
    await carols.join(c);
    let lastRev = 0;
    let count = 0;
    // What Alice's socket hears, in order: each of her changes is acknowledged before it is
    // broadcast, and every change comes in rev order.
    const heard = [];
    a.on('message:changed', ({ message }) => heard.push(`changed ${message.rev}`));
    // The ack is noted in its callback, which runs in the order the packets arrive (an awaited
    // promise would resume only after the packets that arrived with it).
    const request = (socket, event, payload) => new Promise(resolve => socket.emit(event, payload, (ack) => {
      if (socket === a && ack.message && ack.message.rev > lastRev) heard.push(`ack ${ack.message.rev}`);
      resolve(ack);
    }));
    const ok = (ack) => {
      assert.ok(ack.message, JSON.stringify(ack));
      lastRev = Math.max(lastRev, ack.message.rev);
      return ack.message;
    };
    const send = async (socket, text, extra = {}) => {
      count++;
      return ok(await request(socket, 'message:send', { roomId, clientId: `m${count}`, text, ...extra }));
    };
    const edit = async (socket, id, text) => ok(await request(socket, 'message:edit', { roomId, messageId: id, text }));
    const remove = async (socket, id) => ok(await request(socket, 'message:delete', { roomId, messageId: id }));
    const react = async (socket, id, emoji, add) =>
      ok(await request(socket, 'message:react', { roomId, messageId: id, emoji, add }));

    const m = [];
    for (let i = 0; i < 6; i++) m.push(await send(i % 2 ? b : a, `message ${i} for @carol`));
    await react(b, m[0].id, '👍', true);
    await edit(a, m[2].id, 'message 2, edited while everyone is here');
    const settled = (copy) => () => copy.messages.size >= 2 + count && copy.rev >= lastRev;
    await waitFor(settled(carols), 'carol to have the room before she leaves');
    c.close();

    await edit(a, m[0].id, 'message 0, edited while carol is away');
    await remove(a, m[1].id); // bob's message, deleted by alice, the owner, as moderation
    await react(b, m[3].id, '🎉', true);
    await react(a, m[3].id, '🎉', true);
    await react(b, m[3].id, '🎉', false);
    await react(a, m[3].id, '👩‍💻', true);
    const reply = await send(b, '@alice replying to your first', { replyToId: m[0].id });
    assert.equal(reply.replyTo.id, m[0].id);
    await edit(a, m[0].id, 'message 0, edited again after the reply');
    await edit(b, reply.id, '@alice @carol replying, edited');
    await remove(b, m[5].id);
    await react(a, m[4].id, '🇫🇷', true);
    const refused = await b.emitWithAck('message:edit', { roomId, messageId: m[4].id, text: 'not mine' });
    assert.equal(refused.error.code, 'forbidden');
    await send(a, 'a new one while carol is away');
    await waitFor(settled(bobs), 'bob to have every change live');
    await waitFor(() => heard.includes(`changed ${lastRev}`), 'alice to hear the last change');
    for (let rev = 1; rev <= lastRev; rev++) {
      const acked = heard.indexOf(`ack ${rev}`);
      if (acked >= 0) assert.ok(acked < heard.indexOf(`changed ${rev}`), `rev ${rev} was broadcast before its ack: ${heard}`);
    }
    const changedOrder = heard.filter(h => h.startsWith('changed')).map(h => Number(h.split(' ')[1]));
    assert.deepEqual(changedOrder, [...changedOrder].sort((x, y) => x - y), 'changes out of rev order');

    const back = await connect({ transports: ['websocket'], auth: { token: carol.token } });
    carols.follow(back);
    const { ack } = await carols.join(back, true);
    assert.equal(ack.rev, lastRev);
    assert.equal(ack.messages.length, 2, 'the reply and the new message');
    assert.equal(new Set(ack.changes.map(x => x.id)).size, ack.changes.length, 'a change came twice');

    assert.deepEqual(carols.list(), bobs.list());
    assert.equal(carols.rev, bobs.rev);
    const deleted = carols.messages.get(m[1].id);
    assert.equal(deleted.deleted, true);
    assert.equal(deleted.body, '');
    assert.equal(carols.messages.get(reply.id).replyTo.excerpt, 'message 0, edited again after the reply');
    assert.deepEqual(carols.messages.get(m[3].id).reactions.map(r => [r.emoji, r.count]), [['🎉', 1], ['👩‍💻', 1]]);

    // And a client that never saw the room gets the same messages from a plain join.
    const fresh = roomCopy(roomId);
    await fresh.join(back);
    assert.deepEqual(fresh.list(), bobs.list());
  },

  // Logging out cuts the socket of that session at once.
  async logoutCuts() {
    const alice = await signup('alice');
    const socket = await connect({ extraHeaders: { Cookie: `fc_session=${alice.token}`, Origin: base } });
    const reason = new Promise(resolve => socket.once('disconnect', resolve));
    assert.equal((await api('POST', '/api/auth/logout', undefined, alice.token)).status, 204);
    assert.equal(await reason, 'io server disconnect');
    const again = io(base, { forceNew: true, reconnection: false, extraHeaders: { Cookie: `fc_session=${alice.token}` } });
    opened.push(again);
    const error = await new Promise(resolve => again.once('connect_error', resolve));
    assert.equal(error.message, 'unauthorized');
  },
};

try {
  if (!scenarios[scenario]) throw new Error(`unknown scenario ${scenario}`);
  await scenarios[scenario]();
  console.log(`ok ${scenario}`);
  opened.forEach(s => s.close());
  clearTimeout(deadline);
  process.exit(0);
} catch (e) {
  fail(e);
}
