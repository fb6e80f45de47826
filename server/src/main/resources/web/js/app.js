// FriendChat's single-page app: hash routes, the signed-in shell (top bar, room list, main
// area) and the screens. Plain ES modules, no inline script (the CSP allows only 'self').
import { api } from './api.js';
import { Chat } from './chat.js';
import { h, replace } from './dom.js';
import { preview, when } from './format.js';
import * as auth from './views/auth.js';
import { accountPage } from './views/account.js';
import { adminPage } from './views/admin.js';
import { createRoomPage, roomSettingsPage } from './views/settings.js';
import { roomPage } from './views/room.js';

const root = document.getElementById('app');
const app = { me: null, chat: null, shell: null, cleanup: null };

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function parse(hash) {
  const path = (hash || '').replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'login' || parts[0] === 'signup' || parts[0] === 'account' || parts[0] === 'admin') return { name: parts[0] };
  if (parts[0] === 'rooms' && parts[1] === 'new') return { name: 'create' };
  if (parts[0] === 'rooms' && parts[1] && parts[2] === 'settings') return { name: 'settings', id: parts[1] };
  if (parts[0] === 'rooms' && parts[1]) return { name: 'room', id: parts[1] };
  return { name: 'missing' };
}

function route() {
  if (app.cleanup) {
    app.cleanup();
    app.cleanup = null;
  }
  const r = parse(location.hash);
  root.removeAttribute('aria-busy');
  if (!app.me) {
    app.shell = null;
    if (r.name === 'login') auth.login(root, loggedIn);
    else if (r.name === 'signup') auth.signup(root, loggedIn);
    else if (r.name === 'home') auth.landing(root);
    else navigate('#/login');
    return;
  }
  if (r.name === 'login' || r.name === 'signup') {
    navigate('#/');
    return;
  }
  if (r.name !== 'room' && app.chat) app.chat.close();
  const main = shell(r.name === 'home' ? 'list' : 'main');
  markActive(r.id);
  const ctx = { me: app.me, chat: app.chat, navigate, setMe };
  if (r.name === 'home') app.cleanup = homePanel(main);
  else if (r.name === 'room') app.cleanup = roomPage(main, r.id, ctx);
  else if (r.name === 'settings') app.cleanup = roomSettingsPage(main, r.id, ctx);
  else if (r.name === 'create') app.cleanup = createRoomPage(main, ctx);
  else if (r.name === 'account') app.cleanup = accountPage(main, ctx, logout);
  else if (r.name === 'admin') app.cleanup = adminPage(main, ctx);
  else replace(main, h('h1', { text: 'Page not found' }), h('p', {}, h('a', { href: '#/', text: 'Back to your rooms' })));
}

function homePanel(main) {
  replace(main, h('div', { class: 'welcome' },
    h('h1', { text: 'Welcome, ' + (app.me.displayName || app.me.username) }),
    h('p', { text: 'Pick a room on the left, or start a new one.' }),
    h('a', { class: 'button primary', href: '#/rooms/new', text: 'Create a room' })));
  return null;
}

async function loggedIn(user) {
  app.me = user;
  startChat();
  navigate('#/');
}

function setMe(user) {
  app.me = user;
  if (app.chat) app.chat.me = user;
  if (app.shell) app.shell.querySelector('.account-name').textContent = user.displayName || user.username;
}

function startChat() {
  app.chat = new Chat(app.me);
  app.chat.addEventListener('change', (ev) => {
    const what = ev.detail.what;
    if (what === 'rooms') renderRoomList();
    else if (what === 'connection') renderConnection();
    else if (what === 'session-ended') sessionEnded();
  });
  app.chat.start();
}

function sessionEnded() {
  if (!app.me) return;
  stopChat();
  app.me = null;
  navigate('#/login');
}

function stopChat() {
  if (app.cleanup) {
    app.cleanup();
    app.cleanup = null;
  }
  if (app.chat) app.chat.stop();
  app.chat = null;
  document.title = 'FriendChat';
}

async function logout(everywhere) {
  try {
    await (everywhere ? api.logoutAll() : api.logout());
  } catch {
    // The session may already be over; either way we are logged out here.
  }
  stopChat();
  app.me = null;
  navigate('#/');
}

/** Builds the signed-in shell once, and returns its main area. */
function shell(screen) {
  if (!app.shell || !root.contains(app.shell)) {
    const menu = h('details', { class: 'account-menu' },
      h('summary', { class: 'button', 'aria-label': 'Account menu' },
        h('span', { class: 'avatar', 'aria-hidden': 'true', text: initial(app.me) }),
        h('span', { class: 'account-name', text: app.me.displayName || app.me.username })),
      h('div', { class: 'menu-panel' },
        h('a', { href: '#/account', class: 'menu-item', text: 'Account and password' }),
        app.me.admin ? h('a', { href: '#/admin', class: 'menu-item', text: 'Server admin' }) : null,
        h('button', { type: 'button', class: 'menu-item', text: 'Log out', on: { click: () => logout(false) } }),
        h('button', { type: 'button', class: 'menu-item', text: 'Log out everywhere', on: { click: () => logout(true) } })));
    menu.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && menu.open) {
        menu.open = false;
        menu.querySelector('summary').focus();
      }
    });
    menu.addEventListener('click', (ev) => {
      if (ev.target.closest('.menu-item')) menu.open = false;
    });
    app.shell = h('div', { class: 'shell' },
      h('header', { class: 'topbar' },
        h('a', { class: 'brand', href: '#/', text: 'FriendChat' }),
        h('span', { class: 'conn', role: 'status' }),
        menu),
      h('div', { class: 'layout' },
        h('nav', { class: 'sidebar', 'aria-label': 'Your rooms' },
          h('div', { class: 'sidebar-head' },
            h('h2', { text: 'Rooms' }),
            h('a', { class: 'button primary', href: '#/rooms/new', text: 'New room' })),
          h('ul', { class: 'room-list' })),
        h('main', { id: 'main', class: 'content', tabindex: '-1' })));
    replace(root, app.shell);
    renderRoomList();
    renderConnection();
  }
  app.shell.dataset.screen = screen;
  const main = app.shell.querySelector('main');
  main.replaceChildren();
  return main;
}

function initial(user) {
  return (user.displayName || user.username || '?').trim().charAt(0).toUpperCase();
}

function markActive(roomId) {
  if (!app.shell) return;
  for (const a of app.shell.querySelectorAll('.room-list a')) {
    if (a.dataset.roomId === roomId) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function renderRoomList() {
  if (!app.chat) return;
  const total = app.chat.totalUnread();
  document.title = (total > 0 ? '(' + total + ') ' : '') + 'FriendChat';
  if (!app.shell) return;
  const list = app.shell.querySelector('.room-list');
  const rows = app.chat.sortedRooms();
  const current = parse(location.hash).id;
  if (rows.length === 0) {
    replace(list, h('li', { class: 'empty', text: 'No rooms yet. Create one and add your friends.' }));
    return;
  }
  replace(list, rows.map((r) => {
    const unread = Math.max(0, r.unread || 0);
    const label = r.name + (unread > 0 ? ', ' + unread + ' unread' : '');
    return h('li', {},
      h('a', { class: 'room-row' + (unread > 0 ? ' has-unread' : ''), href: '#/rooms/' + encodeURIComponent(r.id),
        'data-room-id': r.id, 'aria-label': label, 'aria-current': r.id === current ? 'page' : null },
        h('span', { class: 'row-top' },
          h('span', { class: 'row-name', text: r.name }),
          h('time', { class: 'row-time', datetime: r.lastActivityAt || '', text: when(r.lastActivityAt) })),
        h('span', { class: 'row-bottom' },
          h('span', { class: 'row-preview', text: preview(r.lastMessage, app.me.id) }),
          unread > 0 ? h('span', { class: 'badge', 'aria-hidden': 'true', text: unread > 99 ? '99+' : String(unread) }) : null)));
  }));
}

function renderConnection() {
  if (!app.shell || !app.chat) return;
  const conn = app.shell.querySelector('.conn');
  const down = app.chat.everConnected && !app.chat.connected;
  conn.textContent = down ? 'Reconnecting…' : '';
  conn.classList.toggle('down', down);
  app.shell.classList.toggle('offline', !app.chat.connected);
}

async function boot() {
  try {
    app.me = (await api.me()).user;
  } catch {
    app.me = null;
  }
  if (app.me) startChat();
  window.addEventListener('hashchange', route);
  route();
}

boot();
