// "@" in the composer suggests the room's members: arrows and Enter or Tab pick one from the
// keyboard, a tap or a click from the list; Escape closes it. The textarea stays the focus
// throughout (a combobox with a listbox popup).
import { h, replace } from '../dom.js';
import { nameOf } from '../format.js';

const MAX_SHOWN = 6;
// The word being typed at the caret, when it starts with @.
const AT_CARET = /(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{0,32})$/;

/**
 * Attaches the suggestions to `input`; `members()` gives the room's members, `me` is left out.
 * Returns the listbox element (to be placed above the composer) and `handleKey(ev)`, which the
 * composer's keydown calls first: true when the key was for the suggestions.
 */
export function mentionPicker(input, members, me) {
  const list = h('ul', { id: 'mention-list', class: 'mention-list', role: 'listbox', 'aria-label': 'Members to mention',
    hidden: true });
  let shown = [];
  let active = 0;
  let start = -1;
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', 'mention-list');
  input.setAttribute('aria-expanded', 'false');

  function close() {
    shown = [];
    active = 0;
    start = -1;
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
    const typed = match[2].toLowerCase();
    start = before.length - match[2].length - 1;
    shown = members().filter((m) => m.id !== me().id && (m.username.toLowerCase().startsWith(typed)
      || nameOf(m).toLowerCase().split(/\s+/).some((w) => w.startsWith(typed))))
      .sort((a, b) => a.username.localeCompare(b.username)).slice(0, MAX_SHOWN);
    if (shown.length === 0) {
      close();
      return;
    }
    active = Math.min(active, shown.length - 1);
    render();
  }

  function render() {
    replace(list, shown.map((m, i) => h('li', { id: 'mention-option-' + i, class: 'mention-option', role: 'option',
      'aria-selected': String(i === active), 'data-username': m.username,
      on: {
        // Keeps the focus (and the on-screen keyboard) in the composer.
        pointerdown: (ev) => ev.preventDefault(),
        click: () => pick(i),
      } },
    h('span', { class: 'mention-name', text: nameOf(m) }), h('span', { class: 'mention-username', text: '@' + m.username }))));
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
