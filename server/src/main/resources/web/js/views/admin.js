// The server-admin page: the server's numbers, finding users and deactivating or reactivating
// them, deleting any room, and the audit log. Reached from the account menu by admins only; the
// server refuses everyone else (403) whatever this page shows.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { when } from '../format.js';
import { field, formError, onSubmit, showError } from '../forms.js';

const STATS = [['users', 'Users'], ['rooms', 'Rooms'], ['messages', 'Messages'],
  ['connectedSockets', 'Connected sockets'], ['connectedUsers', 'Connected users']];

const ACTIONS = {
  user_created: 'created the account', password_reset: 'reset the password of', admin_granted: 'made an admin:',
  admin_revoked: 'removed the admin flag of', user_deactivated: 'deactivated', user_reactivated: 'reactivated',
  room_deleted: 'deleted the room', room_exported: 'exported the room', backup_taken: 'took a backup to',
};

export function adminPage(main, { me }) {
  if (!me.admin) {
    replace(main, h('div', { class: 'page' }, h('h1', { text: 'Server admin' }),
      h('p', { text: 'Only server admins can see this page.' })));
    return null;
  }
  const stats = h('dl', { class: 'stats' });
  const users = h('ul', { class: 'admin-users' });
  const audit = h('ol', { class: 'audit-log' });
  const usersMore = h('button', { type: 'button', class: 'button', text: 'More users', hidden: true });
  const auditMore = h('button', { type: 'button', class: 'button', text: 'Older entries', hidden: true });
  const usersError = formError();
  let query = { prefix: '', next: null };
  let auditNext = null;

  async function loadStats() {
    const s = await api.adminStats();
    replace(stats, STATS.map(([key, label]) => [h('dt', { text: label }), h('dd', { 'data-stat': key, text: String(s[key]) })]));
  }

  function userRow(u) {
    const flags = [u.admin ? 'admin' : null, u.deactivated ? 'deactivated' : null, u.online ? 'online' : null].filter(Boolean);
    const action = u.id === me.id ? null : h('button', { type: 'button', class: 'button' + (u.deactivated ? '' : ' danger'),
      text: u.deactivated ? 'Reactivate' : 'Deactivate', 'aria-label': (u.deactivated ? 'Reactivate ' : 'Deactivate ') + u.username,
      on: { click: async (ev) => {
        ev.target.disabled = true;
        try {
          const { user } = await (u.deactivated ? api.adminReactivate(u.id) : api.adminDeactivate(u.id));
          row.replaceWith(userRow(user));
          await Promise.all([loadAudit(true), loadStats()]);
        } catch (e) {
          ev.target.disabled = false;
          showError(usersError, e);
        }
      } } });
    const row = h('li', { class: 'admin-user', 'data-username': u.username },
      h('span', { class: 'who' }, h('strong', { text: u.username }), ' ', h('span', { class: 'hint', text: u.displayName + ' · ' + u.email })),
      h('span', { class: 'flags', text: flags.join(', ') }),
      action);
    return row;
  }

  async function loadUsers(more) {
    const page = await api.adminUsers(query.prefix, more ? query.next : null);
    if (!more) users.replaceChildren();
    if (!more && page.users.length === 0) users.append(h('li', { class: 'empty', text: 'Nobody found.' }));
    users.append(...page.users.map(userRow));
    query.next = page.next;
    usersMore.hidden = !page.next;
  }

  function auditRow(e) {
    const actor = e.via === 'cli' ? e.actorName + ' (admin command)' : e.actorName;
    return h('li', { class: 'audit-entry', 'data-action': e.action },
      h('time', { datetime: e.at, text: when(e.at) }), ' ',
      h('span', { text: actor + ' ' + (ACTIONS[e.action] || e.action) + ' ' + (e.targetName || '') }));
  }

  async function loadAudit(fromStart) {
    const page = await api.adminAudit(fromStart ? null : auditNext);
    if (fromStart) audit.replaceChildren();
    if (fromStart && page.entries.length === 0) audit.append(h('li', { class: 'empty', text: 'No admin actions yet.' }));
    audit.append(...page.entries.map(auditRow));
    auditNext = page.next;
    auditMore.hidden = !auditNext;
  }

  const search = field('Find users by username', { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
    maxlength: '32', 'data-hint': 'The start of a username, in any case. Empty lists everyone.' });
  const searchForm = h('form', { class: 'stack', novalidate: true }, search,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', text: 'Find' })));
  onSubmit(searchForm, usersError, {}, async () => {
    query = { prefix: search.input.value.trim(), next: null };
    await loadUsers(false);
  });
  usersMore.addEventListener('click', () => loadUsers(true).catch((e) => showError(usersError, e)));
  auditMore.addEventListener('click', () => loadAudit(false).catch((e) => showError(usersError, e)));

  const roomId = field('Room id', { autocomplete: 'off', spellcheck: 'false', maxlength: '24',
    'data-hint': 'Deletes the room, its members and all its messages, for good.' });
  const roomError = formError();
  const roomDone = h('p', { class: 'saved', role: 'status' });
  const roomForm = h('form', { class: 'stack', novalidate: true }, roomId, roomError,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button danger', text: 'Delete room' }), roomDone));
  onSubmit(roomForm, roomError, { room_not_found: roomId }, async () => {
    roomDone.textContent = '';
    await api.adminDeleteRoom(roomId.input.value.trim());
    roomId.input.value = '';
    roomDone.textContent = 'Room deleted.';
    await Promise.all([loadAudit(true), loadStats()]);
  });

  replace(main, h('div', { class: 'page admin-page' },
    h('p', { class: 'page-back' }, h('a', { href: '#/', text: '← Rooms' })),
    h('h1', { text: 'Server admin' }),
    h('section', { class: 'panel', 'aria-labelledby': 'admin-stats' }, h('h2', { id: 'admin-stats', text: 'Server' }), stats),
    h('section', { class: 'panel', 'aria-labelledby': 'admin-users' }, h('h2', { id: 'admin-users', text: 'Users' }),
      searchForm, usersError, users, usersMore),
    h('section', { class: 'panel', 'aria-labelledby': 'admin-rooms' }, h('h2', { id: 'admin-rooms', text: 'Delete a room' }), roomForm),
    h('section', { class: 'panel', 'aria-labelledby': 'admin-audit' }, h('h2', { id: 'admin-audit', text: 'Audit log' }),
      h('p', { class: 'hint', text: 'Every admin action, newest first.' }), audit, auditMore)));
  Promise.all([loadStats(), loadUsers(false), loadAudit(true)]).catch((e) => showError(usersError, e));
  return null;
}
