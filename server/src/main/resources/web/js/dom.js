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

/** Says something to screen readers through the page's polite live region. */
export function announce(text) {
  const live = document.getElementById('live');
  if (!live) return;
  live.append(h('p', { text }));
  while (live.childElementCount > 5) live.firstElementChild.remove();
}

const SVG = 'http://www.w3.org/2000/svg';
// Stroke icons after Feather (MIT): drawn as SVG elements, so no markup is parsed.
const ICONS = {
  people: [['path', { d: 'M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2' }], ['circle', { cx: '9', cy: '7', r: '4' }],
    ['path', { d: 'M23 21v-2a4 4 0 0 0-3-3.87' }], ['path', { d: 'M16 3.13a4 4 0 0 1 0 7.75' }]],
  sliders: [['line', { x1: '4', y1: '21', x2: '4', y2: '14' }], ['line', { x1: '4', y1: '10', x2: '4', y2: '3' }],
    ['line', { x1: '12', y1: '21', x2: '12', y2: '12' }], ['line', { x1: '12', y1: '8', x2: '12', y2: '3' }],
    ['line', { x1: '20', y1: '21', x2: '20', y2: '16' }], ['line', { x1: '20', y1: '12', x2: '20', y2: '3' }],
    ['line', { x1: '1', y1: '14', x2: '7', y2: '14' }], ['line', { x1: '9', y1: '8', x2: '15', y2: '8' }],
    ['line', { x1: '17', y1: '16', x2: '23', y2: '16' }]],
  back: [['line', { x1: '19', y1: '12', x2: '5', y2: '12' }], ['polyline', { points: '12 19 5 12 12 5' }]],
};

/** A decorative icon (hidden from screen readers: its button carries the label). */
export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  for (const [k, v] of Object.entries({ viewBox: '0 0 24 24', width: '20', height: '20', fill: 'none',
    stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round',
    'aria-hidden': 'true', focusable: 'false', class: 'icon' })) svg.setAttribute(k, v);
  for (const [tag, attrs] of ICONS[name]) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
  }
  return svg;
}
