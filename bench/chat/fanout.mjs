// Full-path fan-out: RECEIVERS authenticated clients in one room, SENDERS of them sending
// message:send (64-byte text) at a fixed total rate, so deliveries/s = sends/s x RECEIVERS.
// Each message is authenticated by the session, stored, acknowledged and broadcast.
// Usage: node fanout.mjs BASE_URLS SERVER_PIDS DELIVERIES_PER_S [SECONDS=10] [RECEIVERS=200] [SENDERS=4]
// BASE_URLS and SERVER_PIDS may list several nodes of a cluster, comma-separated: clients and
// senders are spread over the nodes in turn (env SENDERS_NODE=i puts every sender on node i),
// and the CPU time is summed over every node.
// Prints one JSON line: offered and achieved deliveries/s, p50/p99 latency from send to
// delivery, and the servers' CPU time per delivery read from /proc/PID/stat.
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';

const [basesArg, pidsArg, rateArg, secondsArg, receiversArg, sendersArg] = process.argv.slice(2);
const bases = basesArg.split(',');
const base = bases[0];
const pids = pidsArg.split(',').map(Number);
const offered = Number(rateArg);
const seconds = Number(secondsArg || 10);
const receivers = Number(receiversArg || 200);
const senders = Number(sendersArg || 4);
const TICKS = 100; // USER_HZ on Linux

async function api(method, path, body, token) {
  const headers = { Origin: base, 'Content-Type': 'application/json' };
  if (token) headers.Cookie = `fc_session=${token}`;
  const res = await fetch(base + path, { method, headers, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const token2 = /fc_session=([^;]+)/.exec(res.headers.get('set-cookie') || '')?.[1];
  return { json: await res.json(), token: token2 || token };
}

function cpuTicks() {
  let ticks = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime + stime, after pid and comm
  }
  return ticks;
}

const users = [];
for (let i = 0; i < receivers; i++) {
  const name = `fan${i}`;
  users.push({ name, token: (await api('POST', '/api/auth/signup',
    { username: name, email: `${name}@example.com`, password: `fan-out password ${i}` })).token });
}
const owner = users[0];
const names = users.slice(1).map(u => u.name);
const roomId = (await api('POST', '/api/rooms', { name: 'fan-out', members: names.slice(0, 99) }, owner.token)).json.room.id;
for (let i = 99; i < names.length; i += 100) {
  await api('POST', `/api/rooms/${roomId}/members`, { usernames: names.slice(i, i + 100) }, owner.token);
}

let delivered = 0;
let counting = false;
const latencies = new Uint32Array(1 << 22);
let latencyCount = 0;
const sockets = [];
// Receivers alternate between the nodes, and so do the senders (the first SENDERS users), unless
// SENDERS_NODE names the one node (0-based) that every sender connects to.
const sendersNode = process.env.SENDERS_NODE === undefined ? null : Number(process.env.SENDERS_NODE);
for (const [i, u] of users.entries()) {
  const node = i < senders && sendersNode !== null ? sendersNode : i % bases.length;
  const socket = io(bases[node], { transports: ['websocket'], auth: { token: u.token }, forceNew: true, reconnection: false });
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
  socket.on('message:new', ({ message }) => {
    if (!counting || message.kind !== 'text') return;
    delivered++;
    const sentAt = Number(message.body.slice(0, 16));
    if (latencyCount < latencies.length) latencies[latencyCount++] = Math.max(0, Math.round((Date.now() - sentAt) * 10));
  });
  sockets.push(socket);
}

const sendsPerSecond = offered / receivers;
let seq = 0;
const pad = 'x'.repeat(64 - 16);
function sendOne() {
  const socket = sockets[seq % senders];
  socket.emit('message:send', { roomId, clientId: `f${seq++}`, text: String(Date.now()).padStart(16, '0') + pad }, () => {});
}
const start = Date.now();
let sent = 0;
const timer = setInterval(() => {
  const due = Math.floor(((Date.now() - start) / 1000) * sendsPerSecond);
  while (sent < due) { sendOne(); sent++; }
}, 5);
await new Promise(r => setTimeout(r, 2000)); // warm-up
counting = true;
const cpu0 = cpuTicks();
const t0 = Date.now();
await new Promise(r => setTimeout(r, seconds * 1000));
const elapsed = (Date.now() - t0) / 1000;
const cpu1 = cpuTicks();
counting = false;
clearInterval(timer);
const sorted = latencies.slice(0, latencyCount).sort();
const pct = p => latencyCount ? (sorted[Math.min(latencyCount - 1, Math.floor(latencyCount * p))] / 10).toFixed(1) : 'n/a';
console.log(JSON.stringify({
  offeredDeliveriesPerS: offered,
  achievedDeliveriesPerS: Math.round(delivered / elapsed),
  p50ms: pct(0.5), p99ms: pct(0.99),
  serverCpuUsPerDelivery: delivered ? Number((((cpu1 - cpu0) / TICKS) * 1e6 / delivered).toFixed(2)) : null,
}));
sockets.forEach(s => s.close());
process.exit(0);
