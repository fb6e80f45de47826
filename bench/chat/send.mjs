// Send throughput: USERS users, each in a room of their own, keep WINDOW message:send requests in
// flight for SECONDS and count the acks. Every ack means the message was durably stored.
// Usage: node send.mjs BASE_URL [USERS=20] [SECONDS=10] [WINDOW=16]
import { io } from 'socket.io-client';

const [base, usersArg, secondsArg, windowArg] = process.argv.slice(2);
const users = Number(usersArg || 20);
const seconds = Number(secondsArg || 10);
const window = Number(windowArg || 16);

async function api(path, body, token) {
  const headers = { Origin: base, 'Content-Type': 'application/json' };
  if (token) headers.Cookie = `fc_session=${token}`;
  const res = await fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const token2 = /fc_session=([^;]+)/.exec(res.headers.get('set-cookie') || '')?.[1];
  return { json: await res.json(), token: token2 || token };
}

const clients = [];
for (let i = 0; i < users; i++) {
  const name = `bench${i}`;
  const { token } = await api('/api/auth/signup', { username: name, email: `${name}@example.com`, password: `bench password ${i}` });
  const room = (await api('/api/rooms', { name: `room ${i}` }, token)).json.room.id;
  const socket = io(base, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
  clients.push({ socket, room });
}

let acked = 0;
let errors = 0;
const latencies = [];
let running = true;
let counting = false;
let next = 0;
function pump(client) {
  if (!running) return;
  const started = process.hrtime.bigint();
  client.socket.emit('message:send', { roomId: client.room, clientId: `m${next++}`, text: 'x'.repeat(64) }, ack => {
    if (counting) {
      if (ack.error) errors++; else { acked++; latencies.push(Number(process.hrtime.bigint() - started) / 1e6); }
    }
    pump(client);
  });
}
for (const c of clients) for (let w = 0; w < window; w++) pump(c);
await new Promise(r => setTimeout(r, 2000)); // warm-up
counting = true;
const t0 = Date.now();
await new Promise(r => setTimeout(r, seconds * 1000));
counting = false;
const elapsed = (Date.now() - t0) / 1000;
running = false;
latencies.sort((a, b) => a - b);
const pct = p => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1) : 'n/a';
console.log(JSON.stringify({ users, window, seconds: elapsed, ackedPerSecond: Math.round(acked / elapsed), errors,
  ackP50ms: pct(0.5), ackP99ms: pct(0.99) }));
await new Promise(r => setTimeout(r, 500));
process.exit(0);
