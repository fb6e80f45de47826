// "@" in the composer suggests the room's members, then other people found by GET /api/users
// (marked "not in this room"): arrows and Enter or Tab pick one from the keyboard, a tap or a
// click from the list; Escape closes it. The textarea stays the focus throughout (a combobox
// with a listbox popup).
import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { nameOf } from '../format.js';
import { peopleLookup } from './people.js';

const MAX_MEMBERS = 6;
const MAX_OTHERS = 4;
// The word being typed at the caret, when it starts with @.
const AT_CARET = /(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{0,32})$/;

const startsSo = (typed) => (p) => p.username.toLowerCase().startsWith(typed)
  || nameOf(p).toLowerCase().split(/\s+/).some((w) => w.startsWith(typed));
const byUsername = (a, b) => a.username.localeCompare(b.username);

/**
 * Attaches the suggestions to `input`; `members()` gives the room's members, `me()` is left out.
 * `onOutsider(person)` hears of a pick of someone who is not a member. Returns the listbox
 * element (to be placed above the composer) and `handleKey(ev)`, which the composer's keydown
 * calls first: true when the key was for the suggestions.
 */
export function mentionPicker(input, { members, me, onOutsider = () => {} }) {
  const list = h('ul', { id: 'mention-list', class: 'mention-list', role: 'listbox', 'aria-label': 'People to mention',
    hidden: true });
  let shown = [];
  let active = 0;
  let start = -1;
  // What follows the @ now, and the people the server found for it (when it answered).
  let typed = null;
  let found = [];
  const lookup = peopleLookup((q, users) => {
    if (q !== typed) return;
    found = users;
    show();
  });
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', 'mention-list');
  input.setAttribute('aria-expanded', 'false');

  function close() {
    shown = [];
    active = 0;
    start = -1;
    typed = null;
    found = [];
    lookup.ask('');
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function update() {
    const before = input.value.slice(0, input.selectionStart);
    const match = input.selectionStart === input.selectionEnd ? before.match(AT_CARET) : null;
    if (!match) {
      close();
      return;
    }
    start = before.length - match[2].length - 1;
    const now = match[2].toLowerCase();
    if (now !== typed) {
      // Those found for the start of this word still fit, filtered, until the server answers.
      if (typed === null || !now.startsWith(typed)) found = [];
      typed = now;
      lookup.ask(typed);
    }
    show();
  }

  /** The members whose name starts so, then the others found (never oneself, never twice). */
  function show() {
    const room = members();
    const matches = startsSo(typed);
    const inRoom = room.filter((m) => m.id !== me().id && matches(m)).sort(byUsername).slice(0, MAX_MEMBERS);
    const others = found.filter((p) => p.id !== me().id && !room.some((m) => m.id === p.id) && matches(p))
      .sort(byUsername).slice(0, MAX_OTHERS).map((p) => ({ ...p, outside: true }));
    shown = [...inRoom, ...others];
    if (shown.length === 0) {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      return;
    }
    active = Math.min(active, shown.length - 1);
    render();
  }

  function render() {
    replace(list, shown.map((m, i) => h('li', { id: 'mention-option-' + i, role: 'option',
      class: 'mention-option' + (m.outside ? ' outside' : ''), 'aria-selected': String(i === active), 'data-username': m.username,
      on: {
        // Keeps the focus (and the on-screen keyboard) in the composer.
        pointerdown: (ev) => ev.preventDefault(),
        click: () => pick(i),
      } },
    h('span', { class: 'mention-name', text: nameOf(m) }), h('span', { class: 'mention-username', text: '@' + m.username }),
    m.outside ? h('span', { class: 'mention-outside', text: 'not in this room' }) : null)));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.setAttribute('aria-activedescendant', 'mention-option-' + active);
  }

  function pick(i) {
    const m = shown[i];
    if (!m || start < 0) return;
    const caret = input.selectionStart;
    const insert = '@' + m.username + ' ';
    input.value = input.value.slice(0, start) + insert + input.value.slice(caret);
    const at = start + insert.length;
    input.setSelectionRange(at, at);
    close();
    input.focus();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    if (m.outside) onOutsider(m);
  }

  function handleKey(ev) {
    if (list.hidden || shown.length === 0) return false;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      active = (active + (ev.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
      render();
    } else if ((ev.key === 'Enter' && !ev.shiftKey) || ev.key === 'Tab') {
      pick(active);
    } else if (ev.key === 'Escape') {
      close();
    } else {
      return false;
    }
    ev.preventDefault();
    return true;
  }

  input.addEventListener('input', update);
  input.addEventListener('click', update);
  input.addEventListener('blur', close);
  return { list, handleKey };
}

/**
 * The line above the composer after someone outside the room was mentioned: "<name> is not in
 * this room. Add them?" with Add (for the room's owner and admins: `canAdd()`) and Dismiss; for
 * anyone else, that they will not be notified. Focus stays in the composer; the line is read
 * out through the live region. Escape, Dismiss or Add (when it worked) close it.
 */
export function notInRoomPrompt(roomId, { canAdd, composer }) {
  const text = h('p', { class: 'outsider-text', id: 'outsider-text' });
  const error = h('p', { class: 'outsider-error', role: 'alert', hidden: true });
  const add = h('button', { type: 'button', class: 'button small primary', text: 'Add' });
  const dismiss = h('button', { type: 'button', class: 'button small', text: 'Dismiss' });
  const element = h('div', { class: 'outsider', role: 'group', 'aria-labelledby': 'outsider-text', hidden: true },
    text, h('div', { class: 'actions' }, add, dismiss), error);
  let person = null;

  function hide() {
    const hadFocus = element.contains(document.activeElement);
    person = null;
    element.hidden = true;
    if (hadFocus) composer.focus();
  }

  function show(p) {
    person = p;
    const adding = canAdd();
    text.textContent = nameOf(p) + (adding ? ' is not in this room. Add them?'
      : ' is not in this room and won’t be notified.');
    add.hidden = !adding;
    add.disabled = false;
    add.setAttribute('aria-label', 'Add ' + nameOf(p) + ' to this room');
    error.hidden = true;
    element.hidden = false;
    announce(text.textContent);
  }

  add.addEventListener('click', async () => {
    const p = person;
    if (!p) return;
    add.disabled = true;
    error.hidden = true;
    try {
      await api.addMembers(roomId, [p.username]);
      if (person === p) hide();
      composer.focus();
      announce(nameOf(p) + ' was added to this room.');
    } catch (e) {
      add.disabled = false;
      error.textContent = e.message;
      error.hidden = false;
    }
  });
  dismiss.addEventListener('click', hide);
  element.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') hide();
  });

  return {
    element,
    show,
    hide,
    get open() {
      return !element.hidden;
    },
    /** Closes the line once the person it is about became a member some other way. */
    sync(members) {
      if (person && members.some((m) => m.id === person.id)) hide();
    },
  };
}
