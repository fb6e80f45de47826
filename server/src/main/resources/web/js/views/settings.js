// Creating a room, and a room's settings: details, members and roles, leaving and deleting.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { byRole, nameOf, roleLabel } from '../format.js';
import { askPermission, permission } from '../notify.js';
import { check, field, fieldError, formError, LIMITS, length, onSubmit, showError, USERNAME } from '../forms.js';
import { avatar, directSettings, inviteSection, messageButton, suggestPeople } from './people.js';

/** The room name and description checked as the server will, before anything is sent. */
function roomChecks(name, description) {
  const n = name.input.value.trim();
  const d = description.input.value.trim();
  return [
    [name, !n ? 'Give the room a name.' : length(n) > LIMITS.roomName ? 'A room name has at most 80 characters.' : null],
    [description, length(d) > LIMITS.description ? 'A description has at most 500 characters.' : null],
  ];
}

/**
 * A destructive action behind a question: `trigger` (a button) opens it in its place, with
 * `confirmLabel` to go ahead and Cancel (or Escape) to put the button back and focus it.
 * Returns the question's element, to be placed after the trigger.
 */
function confirmation(trigger, question, confirmLabel, action) {
  const yes = h('button', { type: 'button', class: 'button danger', text: confirmLabel });
  const no = h('button', { type: 'button', class: 'button', text: 'Cancel' });
  const box = h('div', { class: 'confirm', role: 'group', hidden: true },
    h('p', { text: question }), h('div', { class: 'actions' }, yes, no));
  const close = () => {
    box.hidden = true;
    trigger.hidden = false;
    trigger.focus();
  };
  trigger.addEventListener('click', () => {
    box.hidden = false;
    trigger.hidden = true;
    yes.focus();
  });
  no.addEventListener('click', close);
  box.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') close();
  });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      await action();
    } finally {
      yes.disabled = false;
    }
  });
  return box;
}

/**
 * A member picker: type a username, press Enter or "Add"; names are checked against the
 * username rules here and against the accounts by the server (400 unknown_users).
 */
function memberPicker(label, exclude = () => false) {
  const chosen = [];
  const f = field(label, { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
    'data-hint': 'Type a username and press Enter or Add.' });
  const addButton = h('button', { type: 'button', class: 'button', text: 'Add' });
  const chips = h('ul', { class: 'chips', 'aria-label': 'People to add' });
  suggestPeople(f.input, (u) => exclude(u.username) || chosen.some((c) => c.toLowerCase() === u.username.toLowerCase()));
  function render() {
    replace(chips, chosen.map((name) => h('li', { class: 'chip' },
      h('span', { text: name }),
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': 'Remove ' + name, text: '×',
        on: { click: () => {
          chosen.splice(chosen.indexOf(name), 1);
          render();
          f.input.focus();
        } } }))));
  }
  function add() {
    f.error.hidden = true;
    f.input.removeAttribute('aria-invalid');
    const names = f.input.value.split(/[\s,]+/).map((s) => s.replace(/^@/, '')).filter(Boolean);
    const bad = names.filter((n) => !USERNAME.test(n));
    if (bad.length) {
      fieldError(f, '“' + bad.join('”, “') + '” is not a valid username (3–32 letters, digits, “_”, “-” or “.”).');
      return false;
    }
    const already = names.filter((n) => exclude(n));
    for (const n of names) {
      if (exclude(n)) continue;
      if (!chosen.some((c) => c.toLowerCase() === n.toLowerCase())) chosen.push(n);
    }
    f.input.value = '';
    render();
    if (already.length) {
      fieldError(f, '“' + already.join('”, “') + (already.length === 1 ? '” is already a member.' : '” are already members.'));
      return false;
    }
    return true;
  }
  f.input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      add();
    }
  });
  addButton.addEventListener('click', () => {
    add();
    f.input.focus();
  });
  const row = h('div', { class: 'picker-row' });
  f.input.replaceWith(row);
  row.append(f.input, addButton);
  f.append(chips);
  return {
    element: f,
    field: f,
    /** Names chosen so far, including one still typed in the box; false when that one is invalid. */
    collect() {
      if (f.input.value.trim() && !add()) return false;
      return [...chosen];
    },
    reset() {
      chosen.length = 0;
      render();
    },
  };
}

export function createRoomPage(main, { chat, navigate }) {
  const name = field('Room name', { name: 'name', maxlength: '80', required: true });
  const description = field('Description (optional)', {}, h('textarea', { name: 'description', maxlength: '500', rows: '3' }));
  const picker = memberPicker('Add friends by username');
  const publicBox = h('input', { type: 'checkbox', id: 'room-public' });
  const visibility = h('div', { class: 'field check' }, publicBox,
    h('label', { for: 'room-public', text: 'Public: anyone on this server can find and join it' }));
  const error = formError();
  const form = h('form', { class: 'stack panel', novalidate: true }, name, description, picker.element, visibility, error,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary', text: 'Create room' }),
      h('a', { class: 'button', href: '#/', text: 'Cancel' })));
  const fieldsByCode = { invalid_name: name, missing_field: name, invalid_description: description,
    unknown_users: picker.field };
  onSubmit(form, error, fieldsByCode, async () => {
    const members = picker.collect();
    const valid = check(roomChecks(name, description));
    if (members === false || !valid) {
      if (valid) picker.field.input.focus();
      return;
    }
    const { room } = await api.createRoom(name.input.value.trim(), description.input.value.trim(), members,
      publicBox.checked ? 'public' : 'private');
    chat.loadRooms();
    navigate('#/rooms/' + encodeURIComponent(room.id));
  });
  replace(main, h('div', { class: 'page' },
    h('p', { class: 'page-back' }, h('a', { href: '#/', text: '← Rooms' })),
    h('h1', { text: 'Create a room' }), form));
  name.input.focus();
  return null;
}

export function roomSettingsPage(main, roomId, { me, chat, navigate }) {
  let room = null;
  let closed = false;
  const body = h('div', { class: 'settings-body' }, h('p', { text: 'Loading…' }));
  const heading = h('h1', { text: 'Room settings' });
  replace(main, h('div', { class: 'page' },
    h('p', { class: 'page-back' }, h('a', { href: '#/rooms/' + encodeURIComponent(roomId), text: '← Back to the room' })),
    heading, body));

  async function load() {
    try {
      room = (await api.room(roomId)).room;
      if (!closed) render();
    } catch (e) {
      if (!closed) replace(body, h('p', { role: 'alert', text: e.message }), h('a', { href: '#/', class: 'button', text: 'Back to your rooms' }));
    }
  }

  function render() {
    heading.textContent = 'Settings: ' + room.name;
    if (room.kind === 'direct') {
      replace(body, directSettings(room, me));
      return;
    }
    const canEdit = room.myRole === 'owner' || room.myRole === 'admin';
    const sections = [];
    sections.push(canEdit ? detailsForm() : h('section', { class: 'panel' }, h('h2', { text: 'About' }),
      h('p', { text: room.description || 'No description.' })));
    sections.push(notifySection());
    sections.push(membersSection(canEdit));
    if (canEdit) sections.push(inviteSection(roomId));
    if (room.myRole === 'owner') sections.push(ownerSection());
    sections.push(leaveSection());
    replace(body, sections);
  }

  function detailsForm() {
    const name = field('Room name', { maxlength: '80', value: room.name });
    const description = field('Description', {}, h('textarea', { maxlength: '500', rows: '3' }));
    description.input.value = room.description || '';
    const publicBox = h('input', { type: 'checkbox', id: 'settings-public', checked: room.visibility === 'public' });
    const visibility = h('div', { class: 'field check' }, publicBox,
      h('label', { for: 'settings-public', text: 'Public: anyone on this server can find and join it' }));
    const error = formError();
    const saved = h('p', { class: 'saved', role: 'status' });
    const form = h('form', { class: 'stack panel', novalidate: true }, h('h2', { text: 'Details' }), name, description, visibility, error,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', text: 'Save' }), saved));
    onSubmit(form, error, { invalid_name: name, invalid_description: description }, async () => {
      saved.textContent = '';
      if (!check(roomChecks(name, description))) return;
      room = (await api.updateRoom(roomId, { name: name.input.value.trim(), description: description.input.value.trim(),
        visibility: publicBox.checked ? 'public' : 'private' })).room;
      heading.textContent = 'Settings: ' + room.name;
      saved.textContent = 'Saved.';
    });
    return form;
  }

  /** The user's notification level for this room, saved at once (it holds on every device). */
  function notifySection() {
    const select = h('select', { id: 'notify-level' },
      h('option', { value: 'all', text: 'Every message' }),
      h('option', { value: 'mentions', text: 'Only mentions of me' }),
      h('option', { value: 'none', text: 'Nothing' }));
    select.value = room.notify || 'all';
    const saved = h('p', { class: 'saved', role: 'status' });
    const error = formError();
    select.addEventListener('change', async () => {
      saved.textContent = '';
      error.hidden = true;
      try {
        room.notify = await chat.setNotify(roomId, select.value);
        saved.textContent = 'Saved.';
      } catch (e) {
        select.value = room.notify || 'all';
        showError(error, e);
      }
    });
    const browser = h('p', { class: 'hint' });
    const renderBrowser = () => {
      const state = permission();
      const ask = h('button', { type: 'button', class: 'button small', text: 'Turn on notifications', on: { click: async () => {
        await askPermission();
        renderBrowser();
      } } });
      replace(browser, state === 'granted' ? 'This browser shows notifications.'
        : state === 'denied' ? 'This browser blocks notifications from FriendChat; allow them in its site settings.'
          : state === 'unsupported' ? 'This browser cannot show notifications.'
            : ['This browser does not show notifications yet. ', ask]);
    };
    renderBrowser();
    return h('section', { class: 'panel' }, h('h2', { text: 'Notifications' }),
      h('div', { class: 'field' }, h('label', { for: 'notify-level', text: 'Notify me about' }), select),
      h('div', { class: 'actions' }, saved), browser, error);
  }

  function canRemove(m) {
    if (m.id === me.id || m.role === 'owner') return false;
    return room.myRole === 'owner' || (room.myRole === 'admin' && m.role === 'member');
  }

  function membersSection(canEdit) {
    const error = formError();
    const membersHeading = h('h2', { class: 'members-heading', text: 'Members', tabindex: '-1' });
    const items = byRole(room.members).map((m) => {
      const controls = [];
      if (room.myRole === 'owner' && m.role !== 'owner') {
        const select = h('select', { 'aria-label': 'Role of ' + nameOf(m) },
          h('option', { value: 'member', text: 'Member', selected: m.role === 'member' }),
          h('option', { value: 'admin', text: 'Admin', selected: m.role === 'admin' }));
        select.addEventListener('change', () => act(error, () => api.changeRole(roomId, m.id, select.value)));
        controls.push(select);
      } else {
        controls.push(h('span', { class: 'role role-' + m.role, text: roleLabel(m.role) }));
      }
      if (m.id !== me.id) controls.push(messageButton(m, { chat, navigate }, error));
      let question = null;
      if (canRemove(m)) {
        const remove = h('button', { type: 'button', class: 'button small danger', text: 'Remove',
          'aria-label': 'Remove ' + nameOf(m) });
        controls.push(remove);
        question = confirmation(remove, 'Remove ' + nameOf(m) + ' from “' + room.name + '”? They stop getting its'
          + ' messages until someone adds them again.', 'Yes, remove', async () => {
          if (await act(error, () => api.removeMember(roomId, m.id))) {
            const again = body.querySelector('.members-heading');
            if (again) again.focus();
          }
        });
      }
      return h('li', { class: 'member-row' }, avatar(m),
        h('span', { class: 'member-name', text: nameOf(m) + (m.id === me.id ? ' (you)' : '') }),
        h('span', { class: 'member-username', text: '@' + m.username }),
        h('span', { class: 'member-controls' }, controls), question);
    });
    const section = h('section', { class: 'panel' }, membersHeading, h('ul', { class: 'member-rows' }, items), error);
    if (canEdit) {
      const picker = memberPicker('Add members', (n) => room.members.some((m) => m.username.toLowerCase() === n.toLowerCase()));
      const addError = formError();
      const form = h('form', { class: 'stack', novalidate: true }, picker.element, addError,
        h('button', { type: 'submit', class: 'button primary', text: 'Add members' }));
      onSubmit(form, addError, { unknown_users: picker.field, already_member: picker.field }, async () => {
        const names = picker.collect();
        if (names === false) return;
        if (names.length === 0) {
          showError(addError, { code: 'empty', message: 'Type at least one username.' });
          return;
        }
        await api.addMembers(roomId, names);
        picker.reset();
        await load();
      });
      section.append(form);
    }
    return section;
  }

  /** Runs a change and shows the room again; true when it worked. */
  async function act(errorEl, call) {
    errorEl.hidden = true;
    try {
      await call();
      await load();
      return true;
    } catch (e) {
      showError(errorEl, e);
      return false;
    }
  }

  function ownerSection() {
    const others = byRole(room.members).filter((m) => m.id !== me.id);
    const error = formError();
    const select = h('select', { id: 'new-owner' }, others.map((m) => h('option', { value: m.id, text: nameOf(m) + ' (@' + m.username + ')' })));
    const transfer = h('form', { class: 'stack', novalidate: true },
      h('h3', { text: 'Transfer ownership' }),
      h('p', { class: 'hint', text: 'The new owner gets every right; you become an admin.' }),
      h('div', { class: 'field' }, h('label', { for: 'new-owner', text: 'New owner' }), select),
      h('button', { type: 'submit', class: 'button', text: 'Make owner', disabled: others.length === 0 }));
    transfer.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!select.value) return;
      act(error, () => api.changeRole(roomId, select.value, 'owner'));
    });
    const deleteButton = h('button', { type: 'button', class: 'button danger', text: 'Delete room' });
    const confirmRow = confirmation(deleteButton,
      'Delete “' + room.name + '” with all its messages, for everyone? This cannot be undone.', 'Delete forever',
      async () => {
        try {
          await api.deleteRoom(roomId);
          chat.loadRooms();
          navigate('#/');
        } catch (e) {
          showError(error, e);
        }
      });
    return h('section', { class: 'panel owner' }, h('h2', { text: 'Owner' }), transfer,
      h('h3', { text: 'Delete the room' }), deleteButton, confirmRow, error);
  }

  function leaveSection() {
    const error = formError();
    const leave = h('button', { type: 'button', class: 'button danger', text: 'Leave room' });
    const question = confirmation(leave, 'Leave “' + room.name + '”? You stop getting its messages, and only an owner'
      + ' or admin can add you back.', 'Yes, leave', async () => {
      try {
        await api.leaveRoom(roomId);
        chat.loadRooms();
        navigate('#/');
      } catch (e) {
        showError(error, e);
      }
    });
    return h('section', { class: 'panel' }, h('h2', { text: 'Leave' }),
      h('p', { class: 'hint', text: room.myRole === 'owner'
        ? 'As the owner, make someone else the owner before you leave (or leave as the last member to delete the room).'
        : 'You will stop getting messages from this room.' }),
      leave, question, error);
  }

  load();
  const onChat = (ev) => {
    if (ev.detail.what === 'rooms' && room && !chat.rooms.has(roomId)) {
      replace(body, h('p', { role: 'status', text: 'You are no longer a member of this room.' }),
        h('a', { href: '#/', class: 'button', text: 'Back to your rooms' }));
      room = null;
    }
  };
  chat.addEventListener('change', onChat);
  return () => {
    closed = true;
    chat.removeEventListener('change', onChat);
  };
}
