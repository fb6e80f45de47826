// The room screen: header, member list, messages with day separators, typing line, composer.
import { announce, h, icon, linkified, replace } from '../dom.js';
import { byRole, continues, dayKey, dayLabel, nameOf, roleLabel, systemText, time } from '../format.js';
import { LIMITS, length } from '../forms.js';
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

  replace(main, h('section', { class: 'room', 'aria-labelledby': 'room-title' },
    header,
    h('div', { class: 'room-body' },
      h('div', { class: 'conversation' }, scroller, typingLine, gone, counter, uploads, composer), membersPanel)));

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

  function renderMessages() {
    const stick = nearBottom();
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
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
    pushNoticesUpTo(view.minSeq > 0 ? view.minSeq - 1 : 0);
    for (const m of messages) {
      const day = dayKey(m.createdAt);
      if (day !== lastDay) {
        items.push(h('li', { class: 'day', role: 'separator' }, h('span', { text: dayLabel(m.createdAt) })));
        lastDay = day;
        previous = null;
      }
      const grouped = continues(previous, m);
      // A group shows its time once, under its last message; the others keep theirs for
      // screen readers and as a tooltip.
      if (grouped) {
        previousItem.classList.add('has-next');
        previousItem.querySelector('.bubble').title = time(previous.createdAt);
      }
      const item = messageItem(m, grouped);
      items.push(item);
      previous = m;
      previousItem = item;
      pushNoticesUpTo(m.seq);
    }
    pushNoticesUpTo(Infinity);
    for (const p of view.pending.values()) items.push(pendingItem(p));
    replace(list, items);
    olderButton.hidden = !view.hasMoreBefore;
    olderButton.disabled = view.loadingOlder;
    if (stick) scroller.scrollTop = scroller.scrollHeight;
    else scroller.scrollTop = scroller.scrollHeight - fromBottom;
    view.atBottom = nearBottom();
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
      view.atBottom = nearBottom();
    } else if (view.minSeq > target && view.hasMoreBefore) {
      view.loadOlder();
    }
  }

  function messageItem(m, grouped) {
    if (m.kind === 'system') {
      return h('li', { class: 'system', 'data-seq': m.seq },
        h('span', { class: 'system-text', text: systemText(m.system, me.id) }), ' ',
        h('time', { datetime: m.createdAt, text: time(m.createdAt) }));
    }
    const mine = m.author && m.author.id === me.id;
    const showAuthor = !mine && !grouped;
    return h('li', { class: 'message' + (mine ? ' mine' : '') + (grouped ? ' grouped' : ' first'), 'data-seq': m.seq },
      h('div', { class: 'bubble' },
        showAuthor ? h('span', { class: 'author', text: nameOf(m.author) }) : null,
        mine ? h('span', { class: 'visually-hidden', text: 'You:' }) : null,
        m.body || !m.attachment ? h('p', { class: 'body' }, linkified(m.body || '')) : null,
        m.attachment ? attachmentItem(m.attachment) : null,
        h('time', { class: 'msg-time', datetime: m.createdAt, text: time(m.createdAt) })));
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
      view.send('', stored);
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
        h('p', { class: 'body' }, p.file ? p.file.name : linkified(p.text)),
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
    view.send(text);
    input.value = '';
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
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', () => {
    autosize();
    renderCounter();
    if (input.value.trim()) view.typed();
  });
  scroller.addEventListener('scroll', () => {
    view.atBottom = nearBottom();
    if (view.atBottom && view.reading()) view.markRead();
    if (scroller.scrollTop < NEAR_TOP_PX) view.loadOlder();
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
    if (m.kind === 'text' && m.author && m.author.id !== me.id) announce(nameOf(m.author) + ': ' + m.body);
    else if (m.kind === 'system') announce(systemText(m.system, me.id));
  };
  const onChat = (ev) => {
    if (ev.detail.what === 'connection') {
      renderComposerState();
      renderMembers();
      renderMessages();
    }
  };
  const onVisible = () => {
    if (view.reading()) view.markRead();
  };
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
  };
}
