// One message in a room's list: its quote, its Markdown body, "edited" or "message deleted",
// its reactions, and its actions (reply, react, edit, delete) behind one button per message, so
// that they work alike with a mouse, a keyboard and a finger.
import { h } from '../dom.js';
import { nameOf, systemText, time } from '../format.js';
import { markdown } from '../markdown.js';

// The interface is in English, so are its numbers (4,000).
const numbers = new Intl.NumberFormat('en');

// A small common set for the picker; the server takes any single emoji.
export const EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'];
const LONG_PRESS_MS = 500;

/**
 * The list item for `m`. `ui` holds what the room screen keeps across renders: `menu` ({seq,
 * mode} with mode 'actions', 'react' or 'delete'), `who` ("seq emoji" whose reactors are shown),
 * and the callbacks it gives (reply, edit, remove, react, jump, setMenu, setWho, mention,
 * nameOfId). `canModerate` is true for the room's owner and admins.
 */
export function messageItem(m, grouped, { me, ui, canModerate }) {
  if (m.kind === 'system') {
    return h('li', { class: 'system', 'data-seq': m.seq },
      h('span', { class: 'system-text', text: systemText(m.system, me.id) }), ' ',
      h('time', { datetime: m.createdAt, text: time(m.createdAt) }));
  }
  const mine = !!(m.author && m.author.id === me.id);
  const mentioned = !m.deleted && Array.isArray(m.mentions) && m.mentions.includes(me.id);
  const showAuthor = !mine && !grouped;
  const menuOpen = ui.menu && ui.menu.seq === m.seq;
  const classes = ['message', mine ? 'mine' : '', grouped ? 'grouped' : 'first', m.deleted ? 'deleted' : '',
    mentioned ? 'mentions-me' : ''].filter(Boolean).join(' ');
  return h('li', { class: classes, 'data-seq': m.seq, 'data-id': m.id },
    h('div', { class: 'bubble' },
      showAuthor ? h('span', { class: 'author', text: nameOf(m.author) }) : null,
      mine ? h('span', { class: 'visually-hidden', text: 'You:' }) : null,
      m.replyTo && !m.deleted ? quote(m.replyTo, ui) : null,
      m.deleted ? h('p', { class: 'body deleted-text', text: 'message deleted' })
        : m.body || !m.attachment ? h('div', { class: 'body' }, markdown(m.body || '', ui.mention)) : null,
      m.attachment && !m.deleted ? attachmentItem(m.attachment) : null,
      m.deleted ? null : reactions(m, ui),
      h('span', { class: 'msg-meta' },
        m.editedAt && !m.deleted ? h('span', { class: 'edited', title: 'Edited ' + time(m.editedAt), text: 'edited' }) : null,
        h('time', { class: 'msg-time', datetime: m.createdAt, text: time(m.createdAt) }),
        m.deleted ? null : h('button', { type: 'button', class: 'msg-more', 'aria-expanded': String(!!menuOpen),
          'aria-label': 'Actions for the message from ' + (mine ? 'you' : nameOf(m.author)) + ' at ' + time(m.createdAt),
          'data-key': 'more-' + m.seq, title: 'Reply, react, edit or delete', text: '⋯',
          on: { click: () => ui.setMenu(menuOpen ? null : { seq: m.seq, mode: 'actions' }) } })),
      menuOpen && !m.deleted ? menu(m, mine, canModerate, ui) : null));
}

function quote(replyTo, ui) {
  const text = replyTo.deleted ? 'message deleted' : replyTo.excerpt || '';
  return h('button', { type: 'button', class: 'quote', 'data-reply-seq': replyTo.seq,
    'aria-label': 'Reply to ' + nameOf(replyTo.author) + ': ' + text + '. Show the original.',
    on: { click: () => ui.jump(replyTo.seq) } },
    h('span', { class: 'quote-author', text: nameOf(replyTo.author) }),
    h('span', { class: 'quote-text' + (replyTo.deleted ? ' deleted-text' : ''), text }));
}

function reactions(m, ui) {
  const list = m.reactions || [];
  if (list.length === 0) return null;
  const chips = list.map((r) => {
    const mine = (r.userIds || []).includes(ui.meId);
    const names = (r.userIds || []).map(ui.nameOfId).join(', ');
    const key = m.seq + ' ' + r.emoji;
    let pressTimer = null;
    let longPressed = false;
    const chip = h('button', { type: 'button', class: 'reaction' + (mine ? ' mine' : ''), 'aria-pressed': String(mine),
      'aria-label': r.emoji + ' ' + r.count + ': ' + names + (mine ? '. Press to take yours back.' : '. Press to add yours.'),
      title: names, 'data-emoji': r.emoji, 'data-key': 'reaction-' + key,
      on: {
        click: (ev) => {
          if (longPressed) {
            longPressed = false;
            ev.preventDefault();
            return;
          }
          ui.react(m, r.emoji, !mine);
        },
        // A long press shows who reacted, where there is no hover.
        pointerdown: () => {
          longPressed = false;
          clearTimeout(pressTimer);
          pressTimer = setTimeout(() => {
            longPressed = true;
            ui.setWho(key);
          }, LONG_PRESS_MS);
        },
        pointerup: () => clearTimeout(pressTimer),
        pointerleave: () => clearTimeout(pressTimer),
        contextmenu: (ev) => {
          ev.preventDefault();
          ui.setWho(key);
        },
      } },
    h('span', { 'aria-hidden': 'true', text: r.emoji }), h('span', { class: 'reaction-count', 'aria-hidden': 'true', text: String(r.count) }));
    return chip;
  });
  const who = list.find((r) => ui.who === m.seq + ' ' + r.emoji);
  return h('div', { class: 'reactions' }, chips,
    who ? h('p', { class: 'reactors', role: 'status', text: who.emoji + ' ' + (who.userIds || []).map(ui.nameOfId).join(', ') })
      : null);
}

function menu(m, mine, canModerate, ui) {
  const mode = ui.menu.mode;
  const close = () => ui.setMenu(null);
  if (mode === 'react') {
    return h('div', { class: 'msg-menu emoji-picker', role: 'group', 'aria-label': 'Pick a reaction' },
      EMOJI.map((emoji) => {
        const has = (m.reactions || []).some((r) => r.emoji === emoji && (r.userIds || []).includes(ui.meId));
        return h('button', { type: 'button', class: 'button small emoji', 'aria-label': 'React with ' + emoji,
          'aria-pressed': String(has), 'data-key': 'emoji-' + m.seq + '-' + emoji, text: emoji,
          on: { click: () => {
            close();
            ui.react(m, emoji, !has);
          } } });
      }),
      h('button', { type: 'button', class: 'button small', text: 'Cancel', on: { click: close } }));
  }
  if (mode === 'delete') {
    return h('div', { class: 'msg-menu confirm', role: 'group' },
      h('p', { text: mine ? 'Delete your message? Its text is removed for everyone.'
        : 'Delete ' + nameOf(m.author) + '’s message? Its text is removed for everyone.' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button small danger', text: 'Yes, delete', 'data-key': 'confirm-' + m.seq,
          on: { click: () => {
            close();
            ui.remove(m);
          } } }),
        h('button', { type: 'button', class: 'button small', text: 'Cancel', on: { click: close } })));
  }
  const text = m.kind === 'text';
  return h('div', { class: 'msg-menu', role: 'group', 'aria-label': 'Message actions' },
    h('button', { type: 'button', class: 'button small', text: 'Reply', 'data-key': 'reply-' + m.seq, on: { click: () => {
      close();
      ui.reply(m);
    } } }),
    h('button', { type: 'button', class: 'button small', text: 'React', 'data-key': 'react-' + m.seq,
      on: { click: () => ui.setMenu({ seq: m.seq, mode: 'react' }) } }),
    mine && text ? h('button', { type: 'button', class: 'button small', text: 'Edit', on: { click: () => {
      close();
      ui.edit(m);
    } } }) : null,
    mine || canModerate ? h('button', { type: 'button', class: 'button small danger', text: 'Delete', 'data-key': 'delete-' + m.seq,
      on: { click: () => ui.setMenu({ seq: m.seq, mode: 'delete' }) } }) : null);
}

/** An image as its thumbnail, opening full size; any other file as a download link. */
function attachmentItem(f) {
  if (f.image && f.thumbnailUrl) {
    const scale = Math.min(1, 320 / Math.max(f.width || 1, f.height || 1));
    return h('a', { class: 'attachment image', href: f.url, target: '_blank', rel: 'noopener' },
      h('img', { src: f.thumbnailUrl, alt: f.name, width: String(Math.round((f.width || 1) * scale)),
        height: String(Math.round((f.height || 1) * scale)) }));
  }
  return h('a', { class: 'attachment file', href: f.url, download: f.name },
    h('span', { class: 'file-name', text: f.name }), ' ', h('span', { class: 'file-size', text: sizeText(f.size) }));
}

function sizeText(bytes) {
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return numbers.format(Math.round(bytes / 1024)) + ' KB';
  return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}
