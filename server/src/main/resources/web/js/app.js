// FriendChat's single-page app: hash routes, the logged-out screens, and loading the signed-in
// app (shell.js: the room list, the rooms, the socket client) once someone is logged in, so the
// landing and login pages load no more than they need. Plain ES modules, no inline script (the
// CSP allows only 'self').
import { api } from './api.js';
import { h, replace } from './dom.js';
import * as auth from './views/auth.js';

const root = document.getElementById('app');
// Not a secret, only a hint: this browser was logged in last time, so the signed-in app starts
// loading beside the session check instead of after it.
const SIGNED_IN_HINT = 'friendchat.signedIn';
const RELOADED = 'friendchat.reloadedForUpgrade';
// An invite link opened while signed out: kept (in this tab) through sign-up or login.
const PENDING_INVITE = 'friendchat.pendingInvite';
const app = { me: null, signedIn: null };

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function parse(hash) {
  const path = (hash || '').replace(/^#/, '') || '/';
  let parts;
  try {
    parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { name: 'missing' };
  }
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'login' || parts[0] === 'signup' || parts[0] === 'account' || parts[0] === 'admin') return { name: parts[0] };
  if (parts[0] === 'rooms' && parts[1] === 'new') return { name: 'create' };
  if (parts[0] === 'rooms' && parts[1] === 'public') return { name: 'public' };
  if (parts[0] === 'dms' && parts[1] === 'new') return { name: 'direct' };
  if (parts[0] === 'invite' && parts[1]) return { name: 'invite', token: parts[1] };
  if (parts[0] === 'search') return { name: 'search', q: parts[1] || '' };
  if (parts[0] === 'rooms' && parts[1] && parts[2] === 'at' && /^\d+$/.test(parts[3] || '')) {
    return { name: 'room', id: parts[1], at: Number(parts[3]) };
  }
  if (parts[0] === 'rooms' && parts[1] && parts[2] === 'settings') return { name: 'settings', id: parts[1] };
  if (parts[0] === 'rooms' && parts[1]) return { name: 'room', id: parts[1] };
  return { name: 'missing' };
}

function route() {
  const r = parse(location.hash);
  root.removeAttribute('aria-busy');
  if (!app.me || !app.signedIn) {
    if (r.name === 'invite') {
      sessionStorage.setItem(PENDING_INVITE, r.token);
      navigate('#/signup');
      return;
    }
    if (r.name === 'login') auth.login(root, loggedIn);
    else if (r.name === 'signup') auth.signup(root, loggedIn);
    else if (r.name === 'home') auth.landing(root);
    else navigate('#/login');
    if (sessionStorage.getItem(PENDING_INVITE) && (r.name === 'login' || r.name === 'signup')) {
      root.querySelector('h1').after(h('p', { class: 'invite-note', role: 'status',
        text: 'You have been invited to a room. ' + (r.name === 'signup' ? 'Create an account' : 'Log in')
          + ' and you will join it.' }));
    }
    return;
  }
  if (r.name === 'login' || r.name === 'signup') {
    navigate('#/');
    return;
  }
  app.signedIn.route(r);
}

/**
 * The signed-in app's module. An old page asking for files of a version the server no longer
 * has (it was upgraded meanwhile) gets a 404: the page loads itself again, once.
 */
async function loadSignedIn() {
  try {
    const module = await import('./shell.js');
    sessionStorage.removeItem(RELOADED);
    return module;
  } catch (e) {
    if (!sessionStorage.getItem(RELOADED)) {
      sessionStorage.setItem(RELOADED, '1');
      location.reload();
      return new Promise(() => {});
    }
    throw e;
  }
}

async function startSignedIn(user, module) {
  let shell;
  try {
    shell = await (module || loadSignedIn());
  } catch {
    root.removeAttribute('aria-busy');
    replace(root, h('main', { id: 'main', class: 'landing', tabindex: '-1' },
      h('h1', { text: 'FriendChat could not load' }),
      h('p', { role: 'alert', text: 'Check your connection, then reload the page.' })));
    return;
  }
  app.me = user;
  localStorage.setItem(SIGNED_IN_HINT, '1');
  app.signedIn = shell.start({ root, me: user, navigate, loggedOut });
}

async function loggedIn(user) {
  await startSignedIn(user);
  const invite = sessionStorage.getItem(PENDING_INVITE);
  sessionStorage.removeItem(PENDING_INVITE);
  navigate(invite ? '#/invite/' + encodeURIComponent(invite) : '#/');
}

/** Called by the signed-in app when the user logs out or the session ends. */
function loggedOut(to) {
  app.me = null;
  app.signedIn = null;
  localStorage.removeItem(SIGNED_IN_HINT);
  document.title = 'FriendChat';
  navigate(to);
}

async function boot() {
  const early = localStorage.getItem(SIGNED_IN_HINT) ? loadSignedIn() : null;
  if (early) early.catch(() => {});
  let user = null;
  try {
    user = (await api.session()).user;
  } catch {
    user = null;
  }
  if (user) await startSignedIn(user, early);
  else localStorage.removeItem(SIGNED_IN_HINT);
  window.addEventListener('hashchange', route);
  route();
}

boot();
