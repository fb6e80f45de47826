// Browser notifications: for messages that mention the user, and for messages in rooms the user
// is not looking at, as each room's level says (all, mentions, none; stored on the membership).
// Never for the user's own messages. The browser is asked for permission only when the user
// presses the in-app prompt's button, never on page load.
import { h } from './dom.js';
import { nameOf } from './format.js';

const DISMISSED = 'friendchat.notificationsPromptDismissed';
const BODY_CHARS = 140;

/** 'granted', 'denied', 'default', or 'unsupported' where the browser has no notifications. */
export function permission() {
  return typeof window.Notification === 'function' ? window.Notification.permission : 'unsupported';
}

/** Asks the browser (it shows its own dialog); resolves with the new permission. */
export async function askPermission() {
  if (permission() !== 'default') return permission();
  try {
    return await window.Notification.requestPermission();
  } catch {
    return permission();
  }
}

/** True when a message should be notified, given the room's level and what the user is viewing. */
export function shouldNotify(chat, message, row) {
  if (!message || message.kind !== 'text' || message.deleted || chat.isMine(message)) return false;
  const level = (row && row.notify) || 'all';
  const mentioned = chat.mentions(message);
  if (level === 'none' || (level === 'mentions' && !mentioned)) return false;
  const looking = !!chat.view && chat.view.id === message.roomId && document.visibilityState === 'visible';
  return !looking;
}

/** Shows notifications for `chat`'s incoming messages; `open(roomId)` goes to a room. Returns a stop function. */
export function notifyIncoming(chat, open) {
  const onIncoming = (ev) => {
    const { message, row } = ev.detail;
    if (permission() !== 'granted' || !shouldNotify(chat, message, row)) return;
    const mentioned = chat.mentions(message);
    const chars = [...(message.body || '')];
    const body = chars.length > BODY_CHARS ? chars.slice(0, BODY_CHARS).join('') + '…' : chars.join('');
    try {
      const n = new window.Notification(nameOf(message.author) + (mentioned ? ' mentioned you in ' : ' in ') + row.name,
        { body, tag: message.roomId + ':' + message.seq });
      n.addEventListener('click', () => {
        window.focus();
        open(message.roomId);
        n.close();
      });
    } catch {
      // Some browsers only show notifications from a service worker; the in-app badges remain.
    }
  };
  chat.addEventListener('incoming', onIncoming);
  return () => chat.removeEventListener('incoming', onIncoming);
}

/**
 * The in-app prompt: says what notifications are for, and asks the browser only when pressed.
 * Hidden once decided (granted or denied) or dismissed with "Not now" (remembered on this device).
 */
export function notificationPrompt() {
  const box = h('div', { class: 'notify-prompt', role: 'region', 'aria-label': 'Notifications' });
  const render = () => {
    const shown = permission() === 'default' && !localStorage.getItem(DISMISSED);
    box.hidden = !shown;
    if (!shown) return;
    box.replaceChildren(
      h('p', { text: 'Get a notification when someone mentions you, or writes in a room you are not looking at.' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button primary small', text: 'Turn on notifications', on: { click: async () => {
          await askPermission();
          render();
        } } }),
        h('button', { type: 'button', class: 'button small', text: 'Not now', on: { click: () => {
          localStorage.setItem(DISMISSED, '1');
          render();
        } } })));
  };
  render();
  return box;
}
