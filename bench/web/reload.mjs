// What a page load and a reload cost in Chromium: requests that reached the server (and how many
// were 304s), requests answered from the browser's cache, and bytes over the wire. Drives
// headless Chromium over the DevTools protocol, with nothing but Node 20 (run with
// --experimental-websocket; bench/web/reload.sh does). Two visits, each in a fresh profile:
//   logged out: the landing page "/", loaded, then reloaded;
//   logged in:  a new user (signed up through the API) with a room, "/#/rooms/ID", loaded, then reloaded.
// Usage: node --experimental-websocket bench/web/reload.mjs BASE_URL [--list]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = (process.argv[2] || 'http://127.0.0.1:8080').replace(/\/$/, '');
const list = process.argv.includes('--list');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const SETTLE_MS = 2500;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'fc-reload-'));
  const proc = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
    '--disable-dev-shm-usage', '--remote-debugging-port=0', '--user-data-dir=' + profile, 'about:blank'],
  { stdio: 'ignore' });
  const portFile = join(profile, 'DevToolsActivePort');
  for (let i = 0; i < 200 && !existsSync(portFile); i++) await sleep(50);
  const [port, path] = readFileSync(portFile, 'utf8').trim().split('\n');
  const ws = new WebSocket('ws://127.0.0.1:' + port + path);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let next = 0;
  const waiting = new Map();
  const listeners = [];
  ws.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.id !== undefined && waiting.has(msg.id)) {
      const { resolve, reject } = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.error) reject(new Error(JSON.stringify(msg.error)));
      else resolve(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  };
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = ++next;
    waiting.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params, sessionId }));
  });
  return {
    send,
    on: (fn) => listeners.push(fn),
    close() {
      ws.close();
      proc.kill('SIGTERM');
      return new Promise((r) => proc.on('exit', r)).then(() => rmSync(profile, { recursive: true, force: true }));
    },
  };
}

async function openPage(browser) {
  const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
  const page = {
    send: (m, p) => browser.send(m, p, sessionId),
    requests: new Map(),
    loaded: null,
  };
  browser.on((msg) => {
    if (msg.sessionId !== sessionId) return;
    const p = msg.params;
    if (msg.method === 'Network.requestWillBeSent') {
      page.requests.set(p.requestId, { url: p.request.url, type: p.type, status: 0, cache: null, bytes: 0 });
    } else if (msg.method === 'Network.requestServedFromCache') {
      const r = page.requests.get(p.requestId);
      if (r) r.cache = 'memory';
    } else if (msg.method === 'Network.responseReceived') {
      const r = page.requests.get(p.requestId);
      if (!r) return;
      r.status = p.response.status;
      if (p.response.fromDiskCache) r.cache = 'disk';
      if (p.response.fromPrefetchCache) r.cache = 'prefetch';
    } else if (msg.method === 'Network.loadingFinished') {
      const r = page.requests.get(p.requestId);
      if (r) r.bytes = p.encodedDataLength;
    } else if (msg.method === 'Page.loadEventFired') {
      if (page.loaded) page.loaded();
    }
  });
  await page.send('Page.enable');
  await page.send('Network.enable');
  await page.send('Runtime.enable');
  return page;
}

async function measure(page, action) {
  page.requests.clear();
  const loaded = new Promise((r) => { page.loaded = r; });
  await action();
  await loaded;
  await sleep(SETTLE_MS);
  return [...page.requests.values()];
}

function kind(url) {
  const path = new URL(url).pathname;
  if (path.startsWith('/socket.io/')) return 'socket';
  if (path.startsWith('/api/')) return 'api';
  return 'static';
}

function summary(name, requests) {
  const rows = { static: [], api: [], socket: [] };
  for (const r of requests) {
    if (r.url.startsWith('data:') || r.url.startsWith('about:')) continue;
    rows[kind(r.url)].push(r);
  }
  const s = rows.static;
  const network = s.filter((r) => !r.cache);
  const line = {
    visit: name,
    'static requests': s.length,
    'to the server': network.length,
    '304s': network.filter((r) => r.status === 304).length,
    'from cache': s.length - network.length,
    'static bytes': network.reduce((t, r) => t + r.bytes, 0),
    'api requests': rows.api.length,
    'api bytes': rows.api.reduce((t, r) => t + r.bytes, 0),
  };
  if (list) {
    for (const r of requests) {
      console.log('  ' + name + ' | ' + (r.cache || 'network') + ' | ' + r.status + ' | ' + r.bytes + ' B | '
        + new URL(r.url).pathname);
    }
  }
  return line;
}

async function evaluate(page, expression) {
  const { result, exceptionDetails } = await page.send('Runtime.evaluate', { expression, awaitPromise: true,
    returnByValue: true });
  if (exceptionDetails) throw new Error(JSON.stringify(exceptionDetails));
  return result.value;
}

const results = [];
{
  const browser = await launch();
  const page = await openPage(browser);
  results.push(summary('logged out, first load',
    await measure(page, () => page.send('Page.navigate', { url: base + '/' }))));
  results.push(summary('logged out, reload', await measure(page, () => page.send('Page.reload', {}))));
  await browser.close();
}
{
  const browser = await launch();
  const page = await openPage(browser);
  await measure(page, () => page.send('Page.navigate', { url: base + '/' }));
  const name = 'reload' + Date.now().toString(36);
  const roomId = await evaluate(page, `(async () => {
    const post = (path, body) => fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body) }).then((r) => r.json());
    await post('/api/auth/signup', { username: '${name}', email: '${name}@example.com', password: 'reload measure ${name}' });
    return (await post('/api/rooms', { name: 'Measured', members: [] })).room.id;
  })()`);
  // The first visit to the room starts from an empty cache (the session cookie stays); a reload follows.
  await page.send('Network.clearBrowserCache');
  results.push(summary('logged in, room, first load',
    await measure(page, () => page.send('Page.navigate', { url: base + '/?r#/rooms/' + roomId }))));
  results.push(summary('logged in, room, reload', await measure(page, () => page.send('Page.reload', {}))));
  await browser.close();
}
console.table(results);
