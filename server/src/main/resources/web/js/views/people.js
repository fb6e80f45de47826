// Finding people, avatars, direct messages, public rooms and invite links (docs/api.md,
// "People", "Direct messages", "Invite links"). Screens and parts that other views borrow.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { nameOf } from '../format.js';
import { field, formError, onSubmit, showError } from '../forms.js';

/** A round avatar: the picture when there is one, else the person's initial. */
export function avatar(person, size = 'small') {
  const cls = 'avatar avatar-' + size;
  if (person && person.avatarUrl) {
    return h('img', { class: cls, src: person.avatarUrl, alt: '', width: 28, height: 28 });
  }
  const text = ((person && (person.displayName || person.username)) || '?').trim().charAt(0).toUpperCase();
  return h('span', { class: cls, 'aria-hidden': 'true', text });
}

// A pause after the last keystroke before asking the server (it allows 2 searches a second).
const LOOKUP_DELAY_MS = 200;
const LOOKUP_CACHE = 50;

/**
 * Looks people up with GET /api/users as someone types, gently: `ask(text)` after each change;
 * the request goes out LOOKUP_DELAY_MS after the last one, one at a time, and `answer(text,
 * users)` hears only the answer to the text still wanted (an answer to older text is dropped).
 * After a 429 nothing is asked until its Retry-After has passed; then the text wanted is asked
 * once more. Other errors stay quiet: whoever shows the answers keeps what it had.
 */
export function peopleLookup(answer) {
  const known = new Map();
  let wanted = '';
  let busy = false;
  let timer = null;
  let quietUntil = 0;
  let retried = '';

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(run, Math.max(delay, quietUntil - Date.now()));
  }

  async function run() {
    const q = wanted;
    if (!q || busy || known.has(q)) return;
    busy = true;
    try {
      const { users } = await api.searchUsers(q);
      if (known.size >= LOOKUP_CACHE) known.clear();
      known.set(q, users);
      if (q === wanted) answer(q, users);
    } catch (e) {
      if (e.status === 429) {
        quietUntil = Date.now() + 1000 * Math.max(1, e.retryAfter || 1);
        if (q === wanted && retried !== q) {
          retried = q;
          schedule(0);
        }
      }
    } finally {
      busy = false;
    }
    // What was typed meanwhile waited for this answer.
    if (wanted && wanted !== q) schedule(0);
  }

  return {
    /** `text` is what to look for now (empty: nothing; a pending question is dropped). */
    ask(text) {
      wanted = text.trim().toLowerCase();
      if (!wanted) clearTimeout(timer);
      else if (known.has(wanted)) {
        clearTimeout(timer);
        answer(wanted, known.get(wanted));
      } else schedule(LOOKUP_DELAY_MS);
    },
  };
}

let suggestions = 0;

/**
 * Suggests usernames in `input` from GET /api/users as the user types (a native datalist, so the
 * keyboard and screen readers work as with any input), through peopleLookup.
 */
export function suggestPeople(input, exclude = () => false) {
  const list = h('datalist', { id: 'people-' + ++suggestions });
  input.setAttribute('list', list.id);
  input.after(list);
  const lookup = peopleLookup((q, users) => replace(list, users.filter((u) => !exclude(u)).map((u) =>
    h('option', { value: u.username, label: u.displayName + ' (@' + u.username + ')' }))));
  input.addEventListener('input', () => {
    const q = input.value.trim().replace(/^@/, '');
    // Several names typed at once: suggest nothing rather than something wrong.
    lookup.ask(/[\s,]/.test(q) ? '' : q);
  });
  return list;
}

/** A button that opens the direct message with `person` (made on first use). */
export function messageButton(person, { chat, navigate }, errorEl) {
  return h('button', { type: 'button', class: 'button small', text: 'Message', 'aria-label': 'Message ' + nameOf(person),
    on: { click: async (ev) => {
      ev.target.disabled = true;
      try {
        const { room } = await api.openDirect(person.id);
        chat.loadRooms();
        navigate('#/rooms/' + encodeURIComponent(room.id));
      } catch (e) {
        ev.target.disabled = false;
        showError(errorEl, e);
      }
    } } });
}

/** "New direct message": find someone by name, then open the conversation with them. */
export function newDirectPage(main, { me, chat, navigate }) {
  const search = field('Find a person', { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
    type: 'search', 'data-hint': 'Type the start of a username or display name.' });
  const results = h('ul', { class: 'people-results', 'aria-live': 'polite' });
  const error = formError();
  let timer = null;
  async function find() {
    const q = search.input.value.trim();
    if (!q) {
      replace(results);
      return;
    }
    error.hidden = true;
    try {
      const { users } = await api.searchUsers(q);
      const others = users.filter((u) => u.id !== me.id);
      replace(results, others.length === 0 ? h('li', { class: 'empty', text: 'Nobody found.' })
        : others.map((u) => h('li', {}, h('button', { type: 'button', class: 'person-row', 'data-user-id': u.id,
          on: { click: () => open(u) } },
        avatar(u), h('span', { class: 'member-name', text: nameOf(u) }), h('span', { class: 'member-username', text: '@' + u.username })))));
    } catch (e) {
      showError(error, e);
    }
  }
  async function open(user) {
    error.hidden = true;
    try {
      const { room } = await api.openDirect(user.id);
      chat.loadRooms();
      navigate('#/rooms/' + encodeURIComponent(room.id));
    } catch (e) {
      showError(error, e);
    }
  }
  search.input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(find, 200);
  });
  replace(main, h('div', { class: 'page' },
    h('p', { class: 'page-back' }, h('a', { href: '#/', text: '← Rooms' })),
    h('h1', { text: 'New direct message' }), h('div', { class: 'stack panel' }, search, error, results)));
  search.input.focus();
  return () => clearTimeout(timer);
}

/** The directory of public rooms, with Join (or Open for rooms already joined). */
export function publicRoomsPage(main, { chat, navigate }) {
  const PAGE = 20;
  let offset = 0;
  const list = h('ul', { class: 'public-rooms' });
  const more = h('button', { type: 'button', class: 'button', text: 'Show more', hidden: true });
  const error = formError();
  async function load() {
    try {
      const page = await api.publicRooms(offset, PAGE);
      if (offset === 0 && page.rooms.length === 0) {
        replace(list, h('li', { class: 'empty', text: 'No public rooms yet. Make one of yours public in its settings.' }));
      }
      list.append(...page.rooms.map(row));
      offset += page.rooms.length;
      more.hidden = !page.hasMore;
    } catch (e) {
      showError(error, e);
    }
  }
  function row(r) {
    const action = r.joined
      ? h('a', { class: 'button', href: '#/rooms/' + encodeURIComponent(r.id), text: 'Open' })
      : h('button', { type: 'button', class: 'button primary', text: 'Join', 'aria-label': 'Join ' + r.name,
        on: { click: async (ev) => {
          ev.target.disabled = true;
          try {
            await api.joinRoom(r.id);
            chat.loadRooms();
            navigate('#/rooms/' + encodeURIComponent(r.id));
          } catch (e) {
            ev.target.disabled = false;
            showError(error, e);
          }
        } } });
    return h('li', { class: 'public-room', 'data-room-id': r.id },
      h('span', { class: 'public-room-text' },
        h('span', { class: 'row-name', text: r.name }),
        h('span', { class: 'hint', text: r.memberCount + (r.memberCount === 1 ? ' member' : ' members')
          + (r.description ? ' · ' + r.description : '') })),
      action);
  }
  more.addEventListener('click', load);
  replace(main, h('div', { class: 'page' },
    h('p', { class: 'page-back' }, h('a', { href: '#/', text: '← Rooms' })),
    h('h1', { text: 'Public rooms' }), h('section', { class: 'panel' }, error, list, more)));
  load();
  return null;
}

/** An invite link opened while signed in: where it leads, and a button to join. */
export function invitePage(main, token, { chat, navigate }) {
  const body = h('div', { class: 'panel stack' }, h('p', { text: 'Checking the invite…' }));
  replace(main, h('div', { class: 'page' }, h('h1', { text: 'Invitation' }), body));
  (async () => {
    try {
      const { invite } = await api.invite(token);
      const error = formError();
      const join = h('button', { type: 'button', class: 'button primary', text: 'Join “' + invite.roomName + '”' });
      join.addEventListener('click', async () => {
        join.disabled = true;
        try {
          const { room } = await api.acceptInvite(token);
          chat.loadRooms();
          navigate('#/rooms/' + encodeURIComponent(room.id));
        } catch (e) {
          join.disabled = false;
          showError(error, e);
        }
      });
      replace(body, h('p', { text: 'You are invited to join “' + invite.roomName + '”.' }),
        invite.description ? h('p', { class: 'hint', text: invite.description }) : null,
        h('div', { class: 'actions' }, join, h('a', { class: 'button', href: '#/', text: 'Not now' })), error);
      join.focus();
    } catch (e) {
      replace(body, h('p', { role: 'alert', text: e.message }), h('a', { class: 'button', href: '#/', text: 'Back to your rooms' }));
    }
  })();
  return null;
}

/** The invite links of a room, for its owner and admins: make, copy, revoke. */
export function inviteSection(roomId) {
  const list = h('ul', { class: 'invite-rows' });
  const error = formError();
  const expiry = h('select', { id: 'invite-expiry' },
    h('option', { value: '', text: 'Never' }),
    h('option', { value: '3600', text: 'In 1 hour' }),
    h('option', { value: '86400', text: 'In 1 day' }),
    h('option', { value: '604800', text: 'In 7 days' }));
  const uses = field('Number of uses (empty: no limit)', { type: 'number', min: '1', max: '1000', inputmode: 'numeric' });
  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'invite-expiry', text: 'Expires' }), expiry), uses, error,
    h('button', { type: 'submit', class: 'button primary', text: 'Create invite link' }));
  onSubmit(form, error, { invalid_max_uses: uses }, async () => {
    const fields = {};
    if (expiry.value) fields.expiresInSeconds = Number(expiry.value);
    if (uses.input.value.trim()) fields.maxUses = Number(uses.input.value);
    await api.createInvite(roomId, fields);
    uses.input.value = '';
    await load();
  });
  async function load() {
    try {
      const { invites } = await api.invites(roomId);
      replace(list, invites.length === 0 ? h('li', { class: 'hint', text: 'No invite links.' }) : invites.map(row));
    } catch (e) {
      showError(error, e);
    }
  }
  function row(invite) {
    const url = location.origin + '/invite/' + invite.token;
    const limits = [invite.maxUses ? invite.uses + ' of ' + invite.maxUses + ' uses' : invite.uses + ' uses',
      invite.expiresAt ? 'expires ' + new Date(invite.expiresAt).toLocaleString() : 'never expires'];
    const input = h('input', { class: 'invite-url', readonly: true, value: url, 'aria-label': 'Invite link' });
    input.addEventListener('focus', () => input.select());
    return h('li', { class: 'invite-row' }, input,
      h('span', { class: 'hint', text: limits.join(' · ') }),
      h('button', { type: 'button', class: 'button small danger', text: 'Revoke', 'aria-label': 'Revoke invite link',
        on: { click: async () => {
          try {
            await api.revokeInvite(roomId, invite.token);
            await load();
          } catch (e) {
            showError(error, e);
          }
        } } }));
  }
  load();
  return h('section', { class: 'panel' }, h('h2', { text: 'Invite links' }),
    h('p', { class: 'hint', text: 'Anyone with a link can join, until it expires, is used up or you revoke it.' }),
    list, form);
}

/** A direct message's settings: who it is with, and blocking them. */
export function directSettings(room, me) {
  const peer = room.members.find((m) => m.id !== me.id) || room.members[0];
  const error = formError();
  const status = h('p', { class: 'saved', role: 'status' });
  const button = h('button', { type: 'button', class: 'button danger' });
  let blocked = false;
  function show() {
    button.textContent = blocked ? 'Unblock ' + nameOf(peer) : 'Block ' + nameOf(peer);
    button.classList.toggle('danger', !blocked);
  }
  button.addEventListener('click', async () => {
    error.hidden = true;
    try {
      if (blocked) await api.unblock(peer.id);
      else await api.block(peer.id);
      blocked = !blocked;
      status.textContent = blocked ? 'Blocked: neither of you can send messages here.' : 'Unblocked.';
      show();
    } catch (e) {
      showError(error, e);
    }
  });
  api.blocked().then(({ users }) => {
    blocked = users.some((u) => u.id === peer.id);
    show();
  }).catch(() => show());
  show();
  return h('section', { class: 'panel' }, h('h2', { text: 'Direct message' }),
    h('p', { class: 'member-row' }, avatar(peer), h('span', { class: 'member-name', text: nameOf(peer) }),
      h('span', { class: 'member-username', text: '@' + peer.username })),
    h('p', { class: 'hint', text: 'A direct message has no settings or roles. Blocking stops their messages to you.' }),
    button, status, error);
}

/** The avatar part of the account page: upload a picture, or go back to initials. */
export function avatarSection(me, setMe) {
  const error = formError();
  const status = h('p', { class: 'saved', role: 'status' });
  const preview = h('span', { class: 'avatar-preview' }, avatar(me, 'large'));
  const file = h('input', { type: 'file', id: 'avatar-file', accept: 'image/png,image/jpeg,image/gif,image/webp' });
  const remove = h('button', { type: 'button', class: 'button', text: 'Use initials', hidden: !me.avatarUrl });
  function changed(user) {
    setMe(user);
    me = user;
    replace(preview, avatar(user, 'large'));
    remove.hidden = !user.avatarUrl;
  }
  file.addEventListener('change', async () => {
    error.hidden = true;
    status.textContent = '';
    const picked = file.files[0];
    if (!picked) return;
    if (picked.size > 2 * 1024 * 1024) {
      showError(error, { code: 'content_too_large', message: 'A picture has at most 2 MB.' });
      return;
    }
    try {
      const { user } = await api.setAvatar(picked);
      changed({ ...me, avatarUrl: user.avatarUrl });
      status.textContent = 'Saved.';
    } catch (e) {
      showError(error, e);
    } finally {
      file.value = '';
    }
  });
  remove.addEventListener('click', async () => {
    try {
      await api.clearAvatar();
      changed({ ...me, avatarUrl: null });
      status.textContent = 'Saved.';
    } catch (e) {
      showError(error, e);
    }
  });
  return h('section', { class: 'panel stack' }, h('h2', { text: 'Avatar' }), preview,
    h('div', { class: 'field' }, h('label', { for: 'avatar-file', text: 'Picture (PNG, JPEG or GIF, at most 2 MB)' }), file),
    h('div', { class: 'actions' }, remove, status), error);
}
