// Send throughput: USERS users keep WINDOW message:send requests each in flight for SECONDS and
// count the acks. Every FriendChat ack means the message was durably stored.
// Usage: [WARMUP_S=8] node send.mjs BASE_URL MODE [USERS=20] [SECONDS=10] [WINDOW=16]
//   SERVER_PID: when set, the server's CPU time (utime+stime from /proc) over the window is
//   reported per acknowledged message, a figure that other load on the machine disturbs less.
//   WARMUP_S: seconds of sending before the window opens; with 2 s the JIT compiler still took a
//   third of the server's core in the window.
//   MODE rooms: each user in a room of their own;
//        room:  all users in one room (each message is also delivered to all USERS members);
//        echo:  the Node ack-echo ceiling (bench/node-peer/server.js): no auth, no storage, the
//               same client and the same event, acknowledged at once.
// After the window the senders stop, every send in flight is awaited, and (not in echo mode) the
// rooms are read back from the store through message:history: every acknowledged clientId must be
// stored, and the stored text messages must number exactly the acknowledged ones.
// Prints one JSON line.
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';

const [base, mode, usersArg, secondsArg, windowArg] = process.argv.slice(2);
if (!['rooms', 'room', 'echo'].includes(mode)) throw new Error(`MODE must be rooms, room or echo, not ${mode}`);
const users = Number(usersArg || 20);
const seconds = Number(secondsArg || 10);
const window = Number(windowArg || 16);
const warmupSeconds = Number(process.env.WARMUP_S || 8);
const serverPid = process.env.SERVER_PID;
const TICKS = 100; // USER_HZ on Linux
function serverCpuTicks() {
  if (!serverPid) return 0;
  const fields = readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime, after pid and comm
}

async function api(path, body, token) {
  const headers = { Origin: base, 'Content-Type': 'application/json' };
  if (token) headers.Cookie = `fc_session=${token}`;
  const res = await fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const token2 = /fc_session=([^;]+)/.exec(res.headers.get('set-cookie') || '')?.[1];
  return { json: await res.json(), token: token2 || token };
}

function connect(auth) {
  const socket = io(base, { transports: ['websocket'], auth, forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const clients = [];
if (mode === 'echo') {
  for (let i = 0; i < users; i++) clients.push({ socket: await connect({}), room: 'echo' });
} else {
  const tokens = [];
  for (let i = 0; i < users; i++) {
    const name = `bench${i}`;
    tokens.push((await api('/api/auth/signup', { username: name, email: `${name}@example.com`, password: `bench password ${i}` })).token);
  }
  let shared;
  if (mode === 'room') {
    const members = Array.from({ length: users - 1 }, (_, i) => `bench${i + 1}`);
    shared = (await api('/api/rooms', { name: 'one room', members }, tokens[0])).json.room.id;
  }
  for (let i = 0; i < users; i++) {
    const room = shared || (await api('/api/rooms', { name: `room ${i}` }, tokens[i])).json.room.id;
    clients.push({ socket: await connect({ token: tokens[i] }), room });
  }
}

let acked = 0; // in the measured window
let errors = 0;
let ackedTotal = 0; // warm-up and drain included
let errorsTotal = 0;
const ackedIds = new Set();
const firstError = [];
const latencies = [];
let running = true;
let counting = false;
let inFlight = 0;
let next = 0;
function pump(client) {
  if (!running) return;
  const started = process.hrtime.bigint();
  const clientId = `m${next++}`;
  inFlight++;
  client.socket.emit('message:send', { roomId: client.room, clientId, text: 'x'.repeat(64) }, ack => {
    inFlight--;
    if (ack.error) {
      errorsTotal++;
      if (firstError.length === 0) firstError.push(ack.error);
    } else {
      ackedTotal++;
      ackedIds.add(clientId);
    }
    if (counting) {
      if (ack.error) errors++; else { acked++; latencies.push(Number(process.hrtime.bigint() - started) / 1e6); }
    }
    pump(client);
  });
}
for (const c of clients) for (let w = 0; w < window; w++) pump(c);
await new Promise(r => setTimeout(r, warmupSeconds * 1000));
counting = true;
const t0 = Date.now();
const cpu0 = process.cpuUsage();
const serverCpu0 = serverCpuTicks();
await new Promise(r => setTimeout(r, seconds * 1000));
counting = false;
const elapsed = (Date.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const serverCpu = serverCpuTicks() - serverCpu0;
running = false;
for (let waited = 0; inFlight > 0 && waited < 30000; waited += 50) await new Promise(r => setTimeout(r, 50));
latencies.sort((a, b) => a - b);
const pct = p => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1) : 'n/a';
const result = { mode, users, window, warmupSeconds, seconds: elapsed, ackedPerSecond: Math.round(acked / elapsed), errors,
  ackP50ms: pct(0.5), ackP99ms: pct(0.99), clientCpuPct: Math.round((cpu.user + cpu.system) / 1e4 / elapsed),
  ackedTotal, errorsTotal, unanswered: inFlight };
if (serverPid) {
  result.serverCpuPct = Math.round(serverCpu / TICKS * 100 / elapsed);
  result.serverCpuUsPerAck = acked ? Number((serverCpu / TICKS * 1e6 / acked).toFixed(1)) : null;
}
if (firstError.length) result.firstError = firstError[0];

// Read every room back from the store, in pages, through the first member's socket.
if (mode !== 'echo') {
  const history = (socket, roomId, afterSeq) => new Promise((resolve, reject) => {
    socket.timeout(30000).emit('message:history', { roomId, afterSeq, limit: 1000 }, (err, ack) => {
      if (err) reject(err); else if (ack.error) reject(new Error(JSON.stringify(ack.error))); else resolve(ack);
    });
  });
  let stored = 0;
  let storedAcked = 0;
  const rooms = new Map(clients.map(c => [c.room, c.socket]));
  for (const [roomId, socket] of rooms) {
    let after = 0;
    for (;;) {
      const page = await history(socket, roomId, after);
      for (const m of page.messages) {
        if (m.kind !== 'text') continue;
        stored++;
        if (ackedIds.has(m.clientId)) storedAcked++;
      }
      if (!page.hasMore || page.messages.length === 0) break;
      after = page.messages[page.messages.length - 1].seq;
    }
  }
  Object.assign(result, { stored, ackedButNotStored: ackedTotal - storedAcked, storedButNotAcked: stored - storedAcked });
}
console.log(JSON.stringify(result));
for (const c of clients) c.socket.close();
process.exit(0);
