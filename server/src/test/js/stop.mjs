// A chat client that keeps sending while its server is stopped with SIGTERM and started again.
// Usage: node stop.mjs BASE_URL TRANSPORT. Run by GracefulStopTest, which reads stdout lines:
//   "sending"               once 20 sends were acknowledged: the test may stop the server now
//   "disconnected REASON"   when the server closed the connection
//   "reconnecting"          when socket.io-client starts trying to reconnect by itself
//   a JSON verdict          after it reconnected and checked the history, then exits 0
import { io } from 'socket.io-client';

const [base, transport] = process.argv.slice(2);
const deadline = setTimeout(() => fail(new Error('did not finish within 120 s')), 120_000);

function fail(error) {
  console.error(`FAILED: ${error.stack || error}`);
  process.exit(1);
}

async function api(method, path, body, token) {
  const headers = { Origin: base, 'Content-Type': 'application/json' };
  if (token) headers.Cookie = `fc_session=${token}`;
  const res = await fetch(base + path, { method, headers, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  const cookie = res.headers.get('set-cookie');
  return { json, token: (cookie && /fc_session=([^;]+)/.exec(cookie)?.[1]) || token };
}

const signup = await api('POST', '/api/auth/signup',
  { username: 'stopper', email: 'stopper@example.com', password: 'correct horse stopper battery' });
const token = signup.token;
const roomId = (await api('POST', '/api/rooms', { name: 'restart', members: [] }, token)).json.room.id;

const socket = io(base, { transports: [transport], auth: { token }, reconnectionDelay: 200, reconnectionDelayMax: 1000 });
const acked = new Map(); // clientId -> seq
const unacked = new Set();
let next = 0;
let stopped = false;
let announced = false;

async function sendOne() {
  const clientId = `c${next++}`;
  unacked.add(clientId);
  try {
    const ack = await socket.timeout(10_000).emitWithAck('message:send', { roomId, clientId, text: `message ${clientId}` });
    if (ack.error) throw new Error(`refused: ${JSON.stringify(ack.error)}`);
    acked.set(clientId, ack.message.seq);
    unacked.delete(clientId);
  } catch (e) {
    if (!stopped) fail(e); // before the stop every send must succeed
  }
}

// Four sends always in flight, so the stop finds some half-way.
async function sender() {
  while (!stopped) {
    await sendOne();
    if (acked.size >= 20 && !announced) {
      announced = true;
      console.log('sending');
    }
  }
}

socket.once('connect', () => {
  for (let i = 0; i < 4; i++) sender();
});
socket.once('disconnect', (reason) => {
  stopped = true;
  console.log(`disconnected ${reason}`);
  socket.io.once('reconnect_attempt', () => console.log('reconnecting'));
  socket.once('connect', () => verify(reason).catch(fail));
});

async function verify(reason) {
  // Whatever was not acknowledged goes out again with its clientId: stored once, whether or not
  // the first attempt reached the store.
  for (const clientId of [...unacked]) {
    const ack = await socket.timeout(10_000).emitWithAck('message:send', { roomId, clientId, text: `message ${clientId}` });
    if (ack.error) throw new Error(`resend refused: ${JSON.stringify(ack.error)}`);
  }
  const history = [];
  let after = 0;
  for (;;) {
    const page = await socket.timeout(10_000).emitWithAck('message:history', { roomId, afterSeq: after, limit: 1000 });
    const texts = page.messages.filter((m) => m.kind === 'text');
    history.push(...texts);
    if (!page.hasMore || page.messages.length === 0) break;
    after = page.messages[page.messages.length - 1].seq;
  }
  const byClientId = new Map(history.map((m) => [m.clientId, m.seq]));
  const lost = [...acked].filter(([clientId, seq]) => byClientId.get(clientId) !== seq).map(([c]) => c);
  clearTimeout(deadline);
  console.log(JSON.stringify({
    reason,
    acked: acked.size,
    resent: unacked.size,
    lost,
    stored: history.length,
    distinct: byClientId.size,
    sent: next,
  }));
  socket.close();
  process.exit(0);
}
