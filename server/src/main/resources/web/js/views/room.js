// The room screen: header, member list, messages with day separators and a "New messages"
// line, typing line, composer (with reply, edit and @-suggestions) and "Jump to latest".
import { announce, h, icon, replace } from '../dom.js';
import { byRole, continues, dayKey, dayLabel, nameOf, roleLabel, systemText, time } from '../format.js';
import { LIMITS, length } from '../forms.js';
import { mentionPicker, notInRoomPrompt } from './mention-picker.js';
import { messageItem } from './message-item.js';
import { upload } from '../api.js';

const NEAR_BOTTOM_PX = 48;
const NEAR_TOP_PX = 80;
// The composer counts characters from here up to the server's limit, and past it.
const COUNT_FROM = LIMITS.message - 500;
// The interface is in English, so are its numbers (4,000).
const numbers = new Intl.NumberFormat('en');

export function roomPage(main, roomId, { chat, me, at }) {
  const view = chat.open(roomId);
  // A search result opens the room at its message (#/rooms/ID/at/SEQ): older pages load until it is shown.
  let target = at || null;
  let marked = null;
  const announcedUnsent = new Set();

  const title = h('h1', { class: 'room-name', id: 'room-title', tabindex: '-1',
    text: view.room ? view.room.name : 'Loading…' });
  const description = h('p', { class: 'room-description' });
  const memberCount = h('span', { class: 'count' });
  const membersButton = h('button', { type: 'button', class: 'button members-toggle', 'aria-expanded': 'false',
    'aria-controls': 'members-panel', 'aria-label': 'Members', title: 'Members' }, icon('people'), memberCount);
  const settingsLink = h('a', { class: 'button', href: '#/rooms/' + encodeURIComponent(roomId) + '/settings',
    'aria-label': 'Room settings', title: 'Room settings' }, icon('sliders'), h('span', { class: 'wide-only', text: 'Settings' }));
  const header = h('header', { class: 'room-header' },
    h('a', { class: 'button back', href: '#/', 'aria-label': 'Back to rooms', title: 'Back to rooms' }, icon('back')),
    h('div', { class: 'room-title' }, title, description),
    membersButton, settingsLink);

  const memberList = h('ul', { class: 'member-list' });
  const membersPanel = h('aside', { class: 'members-panel', id: 'members-panel', 'aria-label': 'Members', hidden: true },
    h('h2', { text: 'Members' }), memberList);

  const olderButton = h('button', { type: 'button', class: 'button load-older', text: 'Load older messages', hidden: true });
  const list = h('ol', { class: 'messages', 'aria-labelledby': 'room-title' });
  const scroller = h('div', { class: 'scroller', tabindex: '0', 'aria-label': 'Messages' }, olderButton, list);
  const jumpButton = h('button', { type: 'button', class: 'button jump-latest', text: 'Jump to latest', hidden: true });
  const typingLine = h('p', { class: 'typing', 'aria-live': 'off' });
  const gone = h('div', { class: 'gone', role: 'status', hidden: true });

  // No maxlength: it would cut a longer paste without a word. The counter says how far over it is.
  const input = h('textarea', { id: 'composer', class: 'composer-input', rows: '1',
    placeholder: 'Write a message', 'aria-describedby': 'composer-help composer-count', autocomplete: 'off' });
  const counter = h('p', { id: 'composer-count', class: 'composer-count', 'data-state': 'quiet', hidden: true });
  const sendButton = h('button', { type: 'submit', class: 'button primary send', text: 'Send' });
  // Files: the button, a paste or a drop uploads over HTTP with a progress bar, then sends a
  // message that carries the file.
  const filePicker = h('input', { type: 'file', id: 'composer-file', class: 'visually-hidden', tabindex: '-1' });
  const attachButton = h('button', { type: 'button', class: 'button attach', 'aria-label': 'Attach a file',
    title: 'Attach a file', text: '+' });
  const uploads = h('ul', { class: 'uploads', 'aria-live': 'polite' });
  const composer = h('form', { class: 'composer' },
    h('label', { for: 'composer', class: 'visually-hidden', text: 'Message' }),
    h('p', { id: 'composer-help', class: 'visually-hidden', text: 'Enter sends, Shift+Enter starts a new line.' }),
    attachButton, filePicker, input, sendButton);
  // Above the composer: what it is doing (replying to or editing a message), and the @-list.
  const modeText = h('p', { class: 'composer-mode-text' });
  const modeCancel = h('button', { type: 'button', class: 'button small', text: 'Cancel' });
  const modeBar = h('div', { class: 'composer-mode', hidden: true }, modeText, modeCancel);
  // Mentioning someone outside the room: owners and admins may add them on the spot.
  const outsider = notInRoomPrompt(roomId, { composer: input,
    canAdd: () => !!view.room && view.room.kind !== 'direct' && (view.room.myRole === 'owner' || view.room.myRole === 'admin') });
  const picker = mentionPicker(input, { members: () => (view.room ? view.room.members : []), me: () => me,
    onOutsider: (person) => outsider.show(person) });
  const sendError = h('p', { class: 'send-error', role: 'alert', hidden: true });

  replace(main, h('section', { class: 'room', 'aria-labelledby': 'room-title' },
    header,
    h('div', { class: 'room-body' },
      h('div', { class: 'conversation' }, scroller, jumpButton, typingLine, gone, sendError, picker.list, modeBar, counter,
        uploads, outsider.element, composer), membersPanel)));

  function renderHeader() {
    const room = view.room;
    title.textContent = room ? room.name : view.gone ? 'Room unavailable' : 'Loading…';
    description.textContent = room && room.description ? room.description : '';
    description.hidden = !(room && room.description);
    if (room) {
      memberCount.textContent = String(room.members.length);
      membersButton.setAttribute('aria-label', 'Members (' + room.members.length + ')');
    }
    settingsLink.hidden = !room || !!view.gone;
    if (room) outsider.sync(room.members);
    if (view.gone) outsider.hide();
    renderMembers();
    renderGone();
  }

  function renderMembers() {
    if (!view.room) return;
    const members = byRole(view.room.members);
    // Without a live connection no presence event can arrive: say so rather than show stale dots.
    const known = chat.connected && view.presenceKnown;
    const presenceState = (m) => (!known ? 'unknown' : m.online ? 'online' : 'offline');
    const presenceLabel = (m) => (known ? presenceState(m) : 'status unknown');
    const presenceTitle = (m) => (!known ? 'Online status unknown until reconnected' : m.online ? 'Online' : 'Offline');
    replace(memberList, members.map((m) => h('li', { class: 'member' },
      h('span', { class: 'dot ' + presenceState(m), role: 'img', 'aria-label': presenceLabel(m), title: presenceTitle(m) }),
      h('span', { class: 'member-name', text: nameOf(m) + (m.id === me.id ? ' (you)' : '') }),
      h('span', { class: 'role role-' + m.role, text: roleLabel(m.role) }))));
  }

  function renderGone() {
    const why = view.gone;
    gone.hidden = !why && !view.error;
    if (why) {
      const text = why === 'removed' ? 'You were removed from this room.'
        : why === 'deleted' ? 'This room was deleted.' : 'This room does not exist, or you are not a member.';
      replace(gone, h('p', { text }), h('a', { class: 'button', href: '#/', text: 'Back to your rooms' }));
    } else if (view.error) {
      replace(gone, h('p', { text: view.error }));
    }
    composer.hidden = !!why;
    counter.hidden = !!why || counter.dataset.state === 'quiet';
    renderComposerState();
  }

  function renderComposerState() {
    const offline = !chat.connected;
    input.disabled = offline || !!view.gone || !view.room;
    sendButton.disabled = input.disabled;
    attachButton.disabled = input.disabled;
    input.placeholder = !offline ? 'Write a message' : chat.everConnected ? 'Reconnecting…' : 'Connecting…';
    settleFocus();
  }

  // Where focus goes when the room opens. On a desktop (a mouse, or only a keyboard) the
  // composer takes it as soon as it can be used (it is disabled until the room is joined); on a
  // touch screen the room's title does, so that no on-screen keyboard pops up over the
  // messages. Either way only while nobody has put focus anywhere else meanwhile: focus still
  // on the room list entry that opened the room, on the page, or on something now hidden.
  const touch = window.matchMedia('(pointer: coarse)').matches;
  let focusPending = true;
  function settleFocus() {
    if (!focusPending) return;
    const a = document.activeElement;
    const free = !a || a === document.body || a === main || !a.isConnected || !a.getClientRects().length
      || !!a.closest('.room-list');
    if (!free || view.gone) {
      focusPending = false;
    } else if (touch) {
      focusPending = false;
      title.focus({ preventScroll: true });
    } else if (!input.disabled) {
      focusPending = false;
      input.focus({ preventScroll: true });
    }
  }

  /** The character count near and past the limit, as the server counts (trimmed, in characters). */
  function renderCounter() {
    const n = length(input.value.trim());
    const state = n > LIMITS.message ? 'over' : n >= COUNT_FROM ? 'near' : 'quiet';
    if (state === 'over' && counter.dataset.state !== 'over') {
      announce('The message is longer than ' + numbers.format(LIMITS.message) + ' characters.');
    }
    counter.dataset.state = state;
    counter.hidden = state === 'quiet' || !!view.gone;
    counter.classList.toggle('over', state === 'over');
    counter.textContent = numbers.format(n) + ' / ' + numbers.format(LIMITS.message)
      + (state === 'over' ? ': ' + numbers.format(n - LIMITS.message) + ' too many. Shorten it to send.' : '');
    if (state === 'over') input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    return state;
  }

  function nearBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM_PX;
  }

  // What the list keeps across renders (every change renders it anew): the open menu of a
  // message, whose reactors are shown, and the composer's reply or edit.
  const ui = {
    menu: null,
    who: null,
    meId: me.id,
    mention: (username) => {
      const lower = username.toLowerCase();
      const m = view.room && view.room.members.find((x) => x.username.toLowerCase() === lower);
      return m ? { me: m.id === me.id } : null;
    },
    nameOfId: (id) => {
      if (id === me.id) return 'you';
      const m = view.room && view.room.members.find((x) => x.id === id);
      return m ? nameOf(m) : 'a former member';
    },
    setMenu: (menu) => {
      ui.menu = menu;
      renderMessages();
    },
    setWho: (who) => {
      ui.who = who;
      renderMessages();
    },
    reply: (m) => setMode({ reply: m }),
    edit: (m) => setMode({ edit: m }),
    remove: (m) => act(view.remove(m), 'The message was deleted.'),
    react: (m, emoji, add) => act(view.react(m, emoji, add)),
    jump: (seq) => jumpTo(seq),
  };
  let mode = {};
  // False until the room first shows its messages: then it opens at the first unread one.
  let positioned = false;
  // Messages come into view as the user scrolls: the read marker follows them, and only them.
  const seenObserver = new IntersectionObserver(onSeen, { root: scroller, threshold: [0, 0.5, 1] });

  async function act(promise, done) {
    try {
      await promise;
      sendError.hidden = true;
      if (done) announce(done);
    } catch (e) {
      sendError.textContent = e.message;
      sendError.hidden = false;
    }
  }

  /** The first message another member sent after the read marker as it was on opening. */
  function firstUnread(messages) {
    if (view.readAtOpen === null) return null;
    return messages.find((m) => m.seq > view.readAtOpen && !chat.isMine(m)) || null;
  }

  /** The message item at the top of the visible part, and where it is: kept in place by a render. */
  function anchor() {
    const top = scroller.getBoundingClientRect().top;
    for (const li of list.querySelectorAll('li[data-seq]')) {
      const rect = li.getBoundingClientRect();
      if (rect.bottom > top) return { seq: li.dataset.seq, offset: rect.top - top };
    }
    return null;
  }

  function renderMessages() {
    const stick = positioned && nearBottom();
    const keep = stick ? null : anchor();
    const focusKey = document.activeElement && list.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    const items = [];
    let lastDay = null;
    // The message shown just before, with nothing between: the next may continue its group.
    let previous = null;
    let previousItem = null;
    const notices = [...view.notices];
    const pushNoticesUpTo = (seq) => {
      while (notices.length && notices[0].afterSeq <= seq) {
        const n = notices.shift();
        items.push(h('li', { class: 'notice' }, h('span', { text: nameOf(n.user) + (n.joined ? ' joined' : ' left') }),
          ' ', h('time', { datetime: n.at, text: time(n.at) })));
        previous = null;
      }
    };
    const messages = view.ordered();
    const unread = firstUnread(messages);
    const canModerate = !!view.room && (view.room.myRole === 'owner' || view.room.myRole === 'admin');
    // The line says where unread messages start; when nothing was read yet, all of them are.
    let divider = null;
    let firstUnreadItem = null;
    pushNoticesUpTo(view.minSeq > 0 ? view.minSeq - 1 : 0);
    for (const m of messages) {
      const day = dayKey(m.createdAt);
      if (day !== lastDay) {
        items.push(h('li', { class: 'day', role: 'separator' }, h('span', { text: dayLabel(m.createdAt) })));
        lastDay = day;
        previous = null;
      }
      if (m === unread && view.readAtOpen > 0) {
        divider = h('li', { class: 'new-messages', role: 'separator' }, h('span', { text: 'New messages' }));
        items.push(divider);
        previous = null;
      }
      const grouped = continues(previous, m);
      // A group shows its time once, under its last message; the others keep theirs for
      // screen readers and as a tooltip.
      if (grouped) {
        previousItem.classList.add('has-next');
        previousItem.querySelector('.bubble').title = time(previous.createdAt);
      }
      const item = messageItem(m, grouped, { me, ui, canModerate });
      if (m === unread) firstUnreadItem = divider || item;
      items.push(item);
      previous = m;
      previousItem = item;
      pushNoticesUpTo(m.seq);
    }
    pushNoticesUpTo(Infinity);
    for (const p of view.pending.values()) items.push(pendingItem(p));
    replace(list, items);
    olderButton.hidden = !view.hasMoreBefore;
    olderButton.disabled = !!view.loadingOlder;
    if (!positioned && view.room && view.joined) {
      // Opening: at the first unread message, under its line; else at the latest.
      positioned = true;
      if (firstUnreadItem) {
        scroller.scrollTop += firstUnreadItem.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 8;
      }
      else scroller.scrollTop = scroller.scrollHeight;
    } else if (stick || !positioned) {
      scroller.scrollTop = scroller.scrollHeight;
    } else if (keep) {
      // Whatever came in above or below, what the user is reading stays where it is.
      const same = list.querySelector('li[data-seq="' + keep.seq + '"]');
      if (same) scroller.scrollTop += same.getBoundingClientRect().top - scroller.getBoundingClientRect().top - keep.offset;
    }
    if (focusKey) {
      const again = list.querySelector('[data-key="' + CSS.escape(focusKey) + '"]');
      if (again) again.focus({ preventScroll: true });
    }
    observeUnseen();
    renderJump();
    revealTarget();
  }

  function revealTarget() {
    if (marked) {
      const shown = list.querySelector('li[data-seq="' + marked + '"]');
      if (shown) shown.classList.add('target');
    }
    if (!target || !view.room) return;
    const item = list.querySelector('li[data-seq="' + target + '"]');
    if (item) {
      marked = target;
      target = null;
      item.classList.add('target');
      item.scrollIntoView({ block: 'center' });
    } else if (view.minSeq > target && view.hasMoreBefore) {
      view.loadOlder();
    }
  }

  function renderJump() {
    jumpButton.hidden = !positioned || nearBottom();
  }

  /** Watches the messages after the read marker; seen ones move it (see onSeen). */
  function observeUnseen() {
    seenObserver.disconnect();
    const read = Math.max(view.readSent, (view.room && view.room.lastReadSeq) || 0);
    for (const li of list.querySelectorAll('li[data-seq]')) {
      if (Number(li.dataset.seq) > read) seenObserver.observe(li);
    }
  }

  /** A message counts as seen when half of it, or its end, is in view of a visible tab. */
  function onSeen(entries) {
    if (!positioned || document.visibilityState !== 'visible') return;
    let seen = 0;
    for (const e of entries) {
      const visible = e.isIntersecting && (e.intersectionRatio >= 0.5
        || (e.rootBounds && e.boundingClientRect.bottom <= e.rootBounds.bottom + 1));
      if (visible) seen = Math.max(seen, Number(e.target.dataset.seq));
    }
    if (seen > 0) view.markRead(seen);
  }

  /** When the tab comes back into view: what is on screen now has been seen. */
  function markVisibleSeen() {
    if (!positioned || document.visibilityState !== 'visible') return;
    const box = scroller.getBoundingClientRect();
    let seen = 0;
    for (const li of list.querySelectorAll('li[data-seq]')) {
      const r = li.getBoundingClientRect();
      if (r.top < box.bottom && (r.bottom <= box.bottom + 1 || (box.bottom - r.top) >= r.height / 2)
        && r.bottom > box.top) seen = Math.max(seen, Number(li.dataset.seq));
    }
    if (seen > 0) view.markRead(seen);
  }

  /** Shows a message, loading older history first when it is not here yet. */
  async function jumpTo(seq) {
    if (!view.messages.has(seq)) {
      announce('Loading older messages…');
      await view.loadUntil(seq);
    }
    const li = list.querySelector('li[data-seq="' + seq + '"]');
    if (!li) {
      announce('That message is no longer in the history.');
      return;
    }
    li.scrollIntoView({ block: 'center' });
    li.classList.remove('flash');
    void li.offsetWidth;
    li.classList.add('flash');
    renderJump();
  }

  /** The composer replies to a message ({reply}), edits one ({edit}), or just sends ({}). */
  function setMode(next) {
    const wasEditing = !!mode.edit;
    mode = next;
    if (mode.reply) {
      const r = mode.reply;
      modeText.textContent = 'Replying to ' + nameOf(r.author) + ': ' + excerpt(r.body);
    } else if (mode.edit) {
      modeText.textContent = 'Editing your message';
      input.value = mode.edit.body || '';
    }
    if (wasEditing && !mode.edit) input.value = '';
    modeBar.hidden = !mode.reply && !mode.edit;
    sendButton.textContent = mode.edit ? 'Save' : 'Send';
    autosize();
    renderCounter();
    if (!input.disabled) input.focus();
  }

  function excerpt(text) {
    const chars = [...(text || '')];
    return chars.length > 80 ? chars.slice(0, 80).join('') + '…' : chars.join('');
  }

  function pendingQuote(r) {
    return h('span', { class: 'quote' }, h('span', { class: 'quote-author', text: nameOf(r.author) }),
      h('span', { class: 'quote-text', text: excerpt(r.body) }));
  }

  async function uploadFile(file) {
    if (!file) return;
    const bar = h('progress', { max: '1', value: '0', 'aria-label': 'Uploading ' + file.name });
    const status = h('span', { class: 'upload-status', text: 'Uploading ' + file.name + '…' });
    const row = h('li', { class: 'upload' }, status, bar);
    uploads.append(row);
    try {
      const stored = await upload(roomId, file, (fraction) => {
        bar.value = fraction;
      });
      row.remove();
      view.send('', { file: stored });
    } catch (e) {
      bar.remove();
      status.textContent = file.name + ' was not sent: ' + e.message;
      status.setAttribute('role', 'alert');
      row.append(h('button', { type: 'button', class: 'button small', text: 'Dismiss', on: { click: () => row.remove() } }));
    }
  }

  function pendingStatus(p) {
    if (p.status === 'failed') return 'Not sent: ' + (p.error || 'error');
    if (p.status === 'unsent') return 'Not sent. It goes out again once reconnected.';
    return chat.connected ? 'Sending…' : 'Waiting for the connection…';
  }

  function pendingItem(p) {
    const failed = p.status === 'failed' || p.status === 'unsent';
    if (p.status === 'unsent' && !announcedUnsent.has(p.clientId)) {
      announcedUnsent.add(p.clientId);
      announce('Your message was not sent. Use Retry to send it again.');
    }
    return h('li', { class: 'message mine pending' + (failed ? ' failed' : ''), 'data-client-id': p.clientId,
      'data-status': p.status },
      h('div', { class: 'bubble' },
        p.replyTo ? pendingQuote(p.replyTo) : null,
        h('p', { class: 'body', text: p.file ? p.file.name : p.text }),
        h('span', { class: 'msg-status', text: pendingStatus(p) }),
        failed ? h('span', { class: 'msg-actions' },
          h('button', { type: 'button', class: 'button small', text: 'Retry', on: { click: () => view.retry(p.clientId) } }),
          h('button', { type: 'button', class: 'button small', text: 'Discard', on: { click: () => view.discard(p.clientId) } }))
          : null));
  }

  function renderTyping() {
    const names = view.typingNames();
    typingLine.textContent = names.length === 0 ? '' : names.length === 1 ? names[0] + ' is typing…'
      : names.length === 2 ? names[0] + ' and ' + names[1] + ' are typing…' : 'Several people are typing…';
  }

  function submit() {
    const text = input.value.trim();
    if (!text || input.disabled) return;
    if (renderCounter() === 'over') {
      // Never cut: the text stays as typed until it is short enough.
      announce(counter.textContent);
      input.focus();
      return;
    }
    if (mode.edit) {
      // The text stays in the composer until the server took the edit.
      const m = mode.edit;
      act(view.edit(m, text).then(() => {
        if (mode.edit === m) setMode({});
      }), 'Your message was edited.');
      return;
    }
    view.send(text, { replyTo: mode.reply || null });
    input.value = '';
    if (mode.reply) setMode({});
    autosize();
    renderCounter();
    scroller.scrollTop = scroller.scrollHeight;
  }

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 160) + 'px';
  }

  composer.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit();
    input.focus();
  });
  input.addEventListener('keydown', (ev) => {
    if (picker.handleKey(ev)) return;
    if (ev.key === 'Escape' && outsider.open) {
      outsider.hide();
      return;
    }
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      submit();
    } else if (ev.key === 'Escape' && (mode.reply || mode.edit)) {
      setMode({});
    } else if (ev.key === 'ArrowUp' && !input.value && !mode.edit) {
      // As in most chat apps: Up in an empty composer edits one's last message.
      const last = view.ordered().reverse().find((m) => m.kind === 'text' && !m.deleted && chat.isMine(m));
      if (last) {
        ev.preventDefault();
        setMode({ edit: last });
      }
    }
  });
  modeCancel.addEventListener('click', () => setMode({}));
  // Escape closes a message's actions and puts the focus back on its button.
  list.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape' || !ui.menu) return;
    const seq = ui.menu.seq;
    ui.setMenu(null);
    const more = list.querySelector('[data-key="more-' + seq + '"]');
    if (more) more.focus();
  });
  jumpButton.addEventListener('click', () => {
    scroller.scrollTop = scroller.scrollHeight;
    renderJump();
    input.focus({ preventScroll: true });
  });
  input.addEventListener('input', () => {
    autosize();
    renderCounter();
    if (input.value.trim()) view.typed();
  });
  scroller.addEventListener('scroll', () => {
    renderJump();
    if (positioned && scroller.scrollTop < NEAR_TOP_PX) view.loadOlder();
  }, { passive: true });
  olderButton.addEventListener('click', () => view.loadOlder());
  attachButton.addEventListener('click', () => filePicker.click());
  filePicker.addEventListener('change', () => {
    for (const f of filePicker.files) uploadFile(f);
    filePicker.value = '';
  });
  input.addEventListener('paste', (ev) => {
    const files = ev.clipboardData ? [...ev.clipboardData.files] : [];
    if (files.length === 0) return;
    ev.preventDefault();
    files.forEach(uploadFile);
  });
  const conversation = main.querySelector('.conversation');
  conversation.addEventListener('dragover', (ev) => {
    if (ev.dataTransfer && [...ev.dataTransfer.types].includes('Files')) {
      ev.preventDefault();
      conversation.classList.add('dropping');
    }
  });
  conversation.addEventListener('dragleave', () => conversation.classList.remove('dropping'));
  conversation.addEventListener('drop', (ev) => {
    conversation.classList.remove('dropping');
    if (!ev.dataTransfer || ev.dataTransfer.files.length === 0) return;
    ev.preventDefault();
    [...ev.dataTransfer.files].forEach(uploadFile);
  });
  const showMembers = (show) => {
    membersPanel.hidden = !show;
    membersButton.setAttribute('aria-expanded', String(show));
  };
  membersButton.addEventListener('click', () => showMembers(membersPanel.hidden));
  // On narrow screens the member list overlays the conversation: Escape or a tap beside it closes it.
  membersPanel.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      showMembers(false);
      membersButton.focus();
    }
  });
  scroller.addEventListener('click', () => showMembers(false));

  const onView = (ev) => {
    const what = ev.detail.what;
    if (what === 'room') {
      renderHeader();
      renderMessages();
    } else if (what === 'messages') {
      renderMessages();
      renderTyping();
    } else if (what === 'typing') {
      renderTyping();
    }
  };
  const onIncoming = (ev) => {
    const m = ev.detail.message;
    if (m.kind === 'text' && m.author && m.author.id !== me.id) {
      announce(nameOf(m.author) + (chat.mentions(m) ? ' mentioned you: ' : ': ') + m.body);
    }
    else if (m.kind === 'system') announce(systemText(m.system, me.id));
  };
  const onChat = (ev) => {
    if (ev.detail.what === 'connection') {
      renderComposerState();
      renderMembers();
      renderMessages();
    }
  };
  const onVisible = () => markVisibleSeen();
  view.addEventListener('change', onView);
  view.addEventListener('incoming', onIncoming);
  chat.addEventListener('change', onChat);
  document.addEventListener('visibilitychange', onVisible);

  renderHeader();
  renderMessages();
  renderTyping();
  settleFocus();

  return () => {
    view.removeEventListener('change', onView);
    view.removeEventListener('incoming', onIncoming);
    chat.removeEventListener('change', onChat);
    document.removeEventListener('visibilitychange', onVisible);
    seenObserver.disconnect();
  };
}
