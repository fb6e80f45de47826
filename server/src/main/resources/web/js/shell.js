// The signed-in app: the shell (top bar, room list, main area), the live connection and the
// screens behind a login. app.js loads it only once someone is logged in.
import { api } from './api.js';
import { Chat } from './chat.js';
import { h, replace } from './dom.js';
import { preview, when } from './format.js';
import { notificationPrompt, notifyIncoming } from './notify.js';
import { accountPage } from './views/account.js';
import { adminPage } from './views/admin.js';
import { createRoomPage, roomSettingsPage } from './views/settings.js';
import { roomPage } from './views/room.js';
import { avatar, invitePage, newDirectPage, publicRoomsPage } from './views/people.js';
import { searchBox, searchPage } from './views/search.js';

/**
 * Starts the signed-in app for `me` in `root`: the live connection and the room list start
 * loading at once. Returns {route}, which app.js calls with each parsed hash route; `loggedOut`
 * is called (with the hash to go to) when the user logs out or the session ends.
 */
export function start({ root, me, navigate, loggedOut }) {
  let chat = null;
  let stopNotifying = null;
  let shellEl = null;
  let cleanup = null;
  let current = null;
  // The room list's <li> per room id, reused from one render to the next so that a focused
  // row keeps its focus when the list changes.
  const rowsById = new Map();

  function route(r) {
    if (cleanup) {
      cleanup();
      cleanup = null;
    }
    if (r.name !== 'room' && chat) chat.close();
    const main = shell(r.name === 'home' ? 'list' : 'main');
    current = r.id || null;
    markActive();
    const ctx = { me, chat, navigate, setMe };
    if (r.name === 'home') cleanup = homePanel(main);
    else if (r.name === 'room') cleanup = roomPage(main, r.id, { ...ctx, at: r.at });
    else if (r.name === 'search') cleanup = searchPage(main, r.q, ctx);
    else if (r.name === 'settings') cleanup = roomSettingsPage(main, r.id, ctx);
    else if (r.name === 'create') cleanup = createRoomPage(main, ctx);
    else if (r.name === 'public') cleanup = publicRoomsPage(main, ctx);
    else if (r.name === 'direct') cleanup = newDirectPage(main, ctx);
    else if (r.name === 'invite') cleanup = invitePage(main, r.token, ctx);
    else if (r.name === 'account') cleanup = accountPage(main, ctx, logout);
    else if (r.name === 'admin') cleanup = adminPage(main, ctx);
    else notFound(main);
    // The link or button that led here may now be hidden (on a phone the room list is its own
    // screen) or gone: focus would fall to the page body, so it goes to the new screen instead.
    if (!visiblyFocused()) main.focus({ preventScroll: true });
  }

  function visiblyFocused() {
    const a = document.activeElement;
    return !!a && a !== document.body && a.isConnected && a.getClientRects().length > 0;
  }

  function notFound(main) {
    replace(main, h('div', { class: 'page' },
      h('h1', { text: 'Page not found' }),
      h('p', { text: 'There is nothing at this address.' }),
      h('p', {}, h('a', { class: 'button', href: '#/', text: 'Back to your rooms' }))));
  }

  function homePanel(main) {
    replace(main, h('div', { class: 'welcome' },
      h('h1', { text: 'Welcome, ' + (me.displayName || me.username) }),
      h('p', { text: 'Pick a room on the left, or start a new one.' }),
      h('a', { class: 'button primary', href: '#/rooms/new', text: 'Create a room' })));
    return null;
  }

  function setMe(user) {
    me = user;
    if (chat) chat.me = user;
    if (shellEl) {
      shellEl.querySelector('.account-name').textContent = user.displayName || user.username;
      replace(shellEl.querySelector('.account-avatar'), avatar(user));
    }
  }

  function startChat() {
    chat = new Chat(me);
    chat.addEventListener('change', (ev) => {
      const what = ev.detail.what;
      if (what === 'rooms') renderRoomList();
      else if (what === 'connection') renderConnection();
      else if (what === 'session-ended') ended('#/login');
    });
    stopNotifying = notifyIncoming(chat, (roomId) => navigate('#/rooms/' + encodeURIComponent(roomId)));
    chat.start();
  }

  function stop() {
    if (cleanup) {
      cleanup();
      cleanup = null;
    }
    if (stopNotifying) stopNotifying();
    stopNotifying = null;
    if (chat) chat.stop();
    chat = null;
    shellEl = null;
    rowsById.clear();
  }

  function ended(to) {
    if (!chat) return;
    stop();
    loggedOut(to);
  }

  async function logout(everywhere) {
    try {
      await (everywhere ? api.logoutAll() : api.logout());
    } catch {
      // The session may already be over; either way we are logged out here.
    }
    ended('#/');
  }

  /** Builds the signed-in shell once, and returns its main area. */
  function shell(screen) {
    if (!shellEl || !root.contains(shellEl)) {
      const menu = h('details', { class: 'account-menu' },
        h('summary', { class: 'button', 'aria-label': 'Account menu' },
          h('span', { class: 'account-avatar' }, avatar(me)),
          h('span', { class: 'account-name', text: me.displayName || me.username })),
        h('div', { class: 'menu-panel' },
          h('a', { href: '#/account', class: 'menu-item', text: 'Account and password' }),
          me.admin ? h('a', { href: '#/admin', class: 'menu-item', text: 'Server admin' }) : null,
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
      shellEl = h('div', { class: 'shell' },
        h('header', { class: 'topbar' },
          h('a', { class: 'brand', href: '#/', text: 'FriendChat' }),
          searchBox(navigate),
          h('span', { class: 'conn', role: 'status' }),
          menu),
        h('div', { class: 'layout' },
          h('nav', { class: 'sidebar', 'aria-label': 'Your rooms' },
            h('div', { class: 'sidebar-head' },
              h('h2', { text: 'Rooms' }),
              h('a', { class: 'button primary', href: '#/rooms/new', text: 'New room' })),
            h('ul', { class: 'room-list' }),
            h('p', { class: 'sidebar-links' }, h('a', { href: '#/rooms/public', text: 'Browse public rooms' })),
            h('div', { class: 'sidebar-head' },
              h('h2', { text: 'Direct messages' }),
              h('a', { class: 'button', href: '#/dms/new', text: 'New message', 'aria-label': 'New direct message' })),
            h('ul', { class: 'direct-list', 'aria-label': 'Direct messages' }),
            notificationPrompt()),
          h('main', { id: 'main', class: 'content', tabindex: '-1' })));
      rowsById.clear();
      replace(root, shellEl);
      renderRoomList();
      renderConnection();
    }
    shellEl.dataset.screen = screen;
    const main = shellEl.querySelector('main');
    main.replaceChildren();
    return main;
  }

  /** "(5) ", or "(5, 2 @) " with mentions of the user among them: the start of the page title. */
  function titleCount(unread, mentions) {
    if (unread <= 0 && mentions <= 0) return '';
    return '(' + unread + (mentions > 0 ? ', ' + mentions + ' @' : '') + ') ';
  }

  function markActive() {
    for (const [id, li] of rowsById) {
      const a = li.firstElementChild;
      if (id === current) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  /**
   * The room list. Until the first answer from the server it says it is loading (never "No
   * rooms yet" to someone who has rooms). Rows are updated in place and reordered around the
   * focused one, which is never moved, so it keeps its focus and focus ring as messages arrive.
   */
  function renderRoomList() {
    if (!chat) return;
    document.title = titleCount(chat.totalUnread(), chat.totalMentions()) + 'FriendChat';
    if (!shellEl) return;
    const list = shellEl.querySelector('.room-list');
    const directList = shellEl.querySelector('.direct-list');
    if (!chat.roomsLoaded) {
      rowsById.clear();
      list.setAttribute('aria-busy', 'true');
      if (chat.roomsError) {
        replace(list, h('li', { class: 'empty', role: 'alert' },
          h('p', { text: 'Your rooms could not be loaded. ' + chat.roomsError }),
          h('button', { type: 'button', class: 'button', text: 'Try again', on: { click: () => {
            chat.roomsError = null;
            renderRoomList();
            chat.loadRooms();
          } } })));
      } else {
        replace(list, h('li', { class: 'loading', role: 'status', text: 'Loading your rooms…' }));
      }
      return;
    }
    list.removeAttribute('aria-busy');
    const all = chat.sortedRooms();
    const wanted = new Set(all.map((r) => r.id));
    for (const id of [...rowsById.keys()]) {
      if (!wanted.has(id)) rowsById.delete(id);
    }
    fillList(list, all.filter((r) => r.kind !== 'direct'), 'No rooms yet. Create one and add your friends.');
    fillList(directList, all.filter((r) => r.kind === 'direct'), 'No direct messages yet.');
  }

  function fillList(list, rooms, empty) {
    if (rooms.length === 0) {
      replace(list, h('li', { class: 'empty', text: empty }));
      return;
    }
    const items = rooms.map((r) => {
      let li = rowsById.get(r.id);
      if (!li) {
        li = h('li', {}, h('a', { class: 'room-row' }));
        rowsById.set(r.id, li);
      }
      fillRow(li.firstElementChild, r);
      return li;
    });
    placeInOrder(list, items);
  }

  function fillRow(a, r) {
    const unread = Math.max(0, r.unread || 0);
    const mentions = Math.max(0, r.mentionCount || 0);
    a.className = 'room-row' + (unread > 0 ? ' has-unread' : '');
    a.href = '#/rooms/' + encodeURIComponent(r.id);
    a.dataset.roomId = r.id;
    a.setAttribute('aria-label', r.name + (unread > 0 ? ', ' + unread + ' unread' : '')
      + (mentions > 0 ? ', ' + mentions + (mentions === 1 ? ' mention' : ' mentions') : ''));
    if (r.id === current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
    replace(a,
      h('span', { class: 'row-top' },
        r.peer ? avatar(r.peer) : null,
        h('span', { class: 'row-name', text: r.name }),
        h('time', { class: 'row-time', datetime: r.lastActivityAt || '', text: when(r.lastActivityAt) })),
      h('span', { class: 'row-bottom' },
        h('span', { class: 'row-preview', text: preview(r.lastMessage, me.id) }),
        mentions > 0 ? h('span', { class: 'badge mention-badge', 'aria-hidden': 'true', title: 'Mentions of you',
          text: '@' + (mentions > 99 ? '99+' : String(mentions)) }) : null,
        unread > 0 ? h('span', { class: 'badge', 'aria-hidden': 'true', text: unread > 99 ? '99+' : String(unread) }) : null));
  }

  /**
   * Makes `items` the children of `list`, in order. Moving a node takes it out of the document
   * for a moment, which drops its focus; so the row holding the focus stays where it is and the
   * others are moved around it.
   */
  function placeInOrder(list, items) {
    const children = [...list.children];
    if (children.length === items.length && children.every((c, i) => c === items[i])) return;
    for (const child of children) {
      if (!items.includes(child)) child.remove();
    }
    const focused = items.find((li) => li.parentNode === list && li.contains(document.activeElement));
    if (!focused) {
      list.append(...items);
      return;
    }
    const at = items.indexOf(focused);
    focused.before(...items.slice(0, at));
    focused.after(...items.slice(at + 1));
  }

  function renderConnection() {
    if (!shellEl || !chat) return;
    const conn = shellEl.querySelector('.conn');
    const down = chat.everConnected && !chat.connected;
    conn.textContent = down ? 'Reconnecting…' : '';
    conn.classList.toggle('down', down);
    shellEl.classList.toggle('offline', !chat.connected);
  }

  startChat();
  return { route };
}
