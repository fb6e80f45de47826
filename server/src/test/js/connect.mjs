// Connects the official socket.io-client to a running FriendChat server and prints one JSON line:
// {"connected":true,"id":...,"transport":...} or {"connected":false,"error":...}.
//
//   node connect.mjs URL [--token TOKEN] [--ca FILE] [--origin ORIGIN] [--websocket-only]
//
// --token authenticates with a session token in the CONNECT auth payload.
// --ca trusts that PEM certificate (e.g. the test's self-signed one) for https/wss.
// --origin sends that Origin header, as a browser page on that origin would.
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';

const [url, ...rest] = process.argv.slice(2);
const option = (name) => {
  const i = rest.indexOf(name);
  return i < 0 ? undefined : rest[i + 1];
};
const ca = option('--ca');
const origin = option('--origin');
const token = option('--token');
const websocketOnly = rest.includes('--websocket-only');

const socket = io(url, {
  reconnection: false,
  timeout: 10000,
  transports: websocketOnly ? ['websocket'] : ['polling', 'websocket'],
  ...(token ? { auth: { token } } : {}),
  ...(ca ? { ca: readFileSync(ca) } : {}),
  ...(origin ? { extraHeaders: { Origin: origin } } : {}),
});

const done = (result) => {
  console.log(JSON.stringify(result));
  socket.close();
  process.exit(0);
};
const timer = setTimeout(() => done({ connected: false, error: 'timeout' }), 15000);

socket.on('connect', () => {
  const engine = socket.io.engine;
  const report = () => {
    clearTimeout(timer);
    done({ connected: true, id: socket.id, transport: engine.transport.name, secure: url.startsWith('https') });
  };
  // Wait for the upgrade to WebSocket when starting on polling, so the result shows wss worked.
  if (engine.transport.name === 'websocket') {
    report();
  } else {
    engine.once('upgrade', report);
  }
});
socket.on('connect_error', (err) => {
  clearTimeout(timer);
  done({ connected: false, error: String(err && err.message), description: String(err && err.description) });
});
