// Small DOM helpers. Strings only ever become text nodes: nothing here parses HTML, so user
// text cannot turn into markup (style rule 11; the CSP forbids inline script anyway).

/**
 * Creates an element. `props` sets attributes (`class`, `aria-*`, `for`, ...) except: `on`
 * (an object of event listeners), `text` (textContent), and DOM properties listed in PROPS.
 * Children are nodes or strings (as text nodes); null and false are skipped.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'on') {
      for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (PROPS.has(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'open']);

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Text with http(s) links made clickable. Everything else stays a text node; a link's text is
 * the URL as typed, and its href is set only when the URL parses with an http or https scheme.
 */
export function linkified(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    const trailing = url.match(TRAILING);
    if (trailing) url = url.slice(0, -trailing[0].length);
    const start = match.index;
    if (start > last) nodes.push(document.createTextNode(text.slice(last, start)));
    nodes.push(safeLink(url));
    last = start + url.length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

function safeLink(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return document.createTextNode(url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return document.createTextNode(url);
  return h('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer', text: url });
}

/** Says something to screen readers through the page's polite live region. */
export function announce(text) {
  const live = document.getElementById('live');
  if (!live) return;
  live.append(h('p', { text }));
  while (live.childElementCount > 5) live.firstElementChild.remove();
}
