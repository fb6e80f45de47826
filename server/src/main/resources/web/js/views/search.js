// Message search (GET /api/search): results with the matched words highlighted. The server
// sends the body as text and the matched ranges as offsets; the highlights are <mark> elements
// made here around text nodes, so nothing from the server is ever parsed as HTML.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { nameOf, when } from '../format.js';

/** The body as nodes: text, with each [start, end) range of `highlights` in a <mark>. */
export function highlighted(body, highlights) {
  const nodes = [];
  let last = 0;
  for (const { start, end } of highlights || []) {
    if (start < last || end > body.length || end <= start) continue;
    if (start > last) nodes.push(document.createTextNode(body.slice(last, start)));
    nodes.push(h('mark', { text: body.slice(start, end) }));
    last = end;
  }
  if (last < body.length) nodes.push(document.createTextNode(body.slice(last)));
  return nodes;
}

export function searchPage(main, query, { navigate }) {
  const title = h('h1', { id: 'search-title', tabindex: '-1', text: query ? 'Search: ' + query : 'Search' });
  const status = h('p', { class: 'search-status', role: 'status' });
  const list = h('ol', { class: 'search-results', 'aria-labelledby': 'search-title' });
  const more = h('button', { type: 'button', class: 'button', text: 'More results', hidden: true });
  replace(main, h('section', { class: 'page search-page', 'aria-labelledby': 'search-title' },
    h('a', { class: 'button page-back', href: '#/', text: 'Back to rooms' }),
    title, status, list, more));
  let next = null;
  let closed = false;

  function result(r) {
    const m = r.message;
    const href = '#/rooms/' + encodeURIComponent(r.room.id) + '/at/' + m.seq;
    return h('li', { class: 'search-result' },
      h('a', { href, class: 'search-hit', 'data-seq': m.seq },
        h('span', { class: 'row-top' },
          h('span', { class: 'row-name', text: r.room.name }),
          h('time', { class: 'row-time', datetime: m.createdAt, text: when(m.createdAt) })),
        h('span', { class: 'search-author', text: nameOf(m.author) }),
        h('span', { class: 'search-body' }, highlighted(m.body, r.highlights))));
  }

  async function load(before) {
    more.disabled = true;
    status.textContent = 'Searching…';
    try {
      const page = await api.search(query, before);
      if (closed) return;
      list.append(...page.results.map(result));
      next = page.next;
      more.hidden = !next;
      const count = list.childElementCount;
      status.textContent = count === 0 ? 'No messages match "' + query + '".'
        : count + (next ? '+' : '') + (count === 1 ? ' message found.' : ' messages found.');
    } catch (e) {
      if (closed) return;
      status.textContent = e.message;
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener('click', () => load(next));
  if (query && query.trim()) load(null);
  else status.textContent = 'Type words to search for in the box above.';
  return () => {
    closed = true;
  };
}

/** The search box of the top bar: submitting it opens #/search/<query>. */
export function searchBox(navigate) {
  const input = h('input', { type: 'search', id: 'search-input', class: 'search-input', name: 'q',
    placeholder: 'Search messages', 'aria-label': 'Search messages', autocomplete: 'off', maxlength: '200' });
  const form = h('form', { class: 'search-box', role: 'search' }, input,
    h('button', { type: 'submit', class: 'button search-go', text: 'Search' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = input.value.trim();
    if (q) navigate('#/search/' + encodeURIComponent(q));
  });
  return form;
}
