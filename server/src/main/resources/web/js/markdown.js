// A message's text as Markdown, built as DOM nodes from the tokens of marked's lexer (pinned by
// npm, copied to /vendor by build.mjs). Only the lexer is used: its HTML renderer never runs, so
// no string ever becomes markup. What is shown: bold, italic, strikethrough, inline code, code
// blocks, block quotes, lists and links; raw HTML, headings, tables and images stay as typed.
import { Lexer } from '../vendor/marked.esm.js';
import { h } from './dom.js';

// No 'breaks': a single newline stays a newline in the text, which the message keeps (pre-wrap).
const OPTIONS = { gfm: true, breaks: false };
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
// A username (3 to 32 of these, as the server checks) after an @ that starts a word.
const MENTION = /(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{3,32})/g;

/**
 * The nodes for `text`. `mention(username)` says whether an `@username` names someone here:
 * null when not (it stays text), else {me} (true when it is the reader, shown strongly).
 */
export function markdown(text, mention = () => null) {
  let tokens;
  try {
    tokens = new Lexer(OPTIONS).lex(text);
  } catch {
    return [document.createTextNode(text)];
  }
  return blocks(tokens, mention);
}

function blocks(tokens, mention) {
  const out = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
        break;
      case 'paragraph':
        out.push(h('p', {}, inline(t.tokens, mention)));
        break;
      case 'text':
        // A loose line inside a list item: inline tokens of its own, or plain text.
        out.push(t.tokens ? inline(t.tokens, mention) : withMentions(t.text, mention));
        break;
      case 'code':
        out.push(h('pre', {}, h('code', { text: t.text })));
        break;
      case 'blockquote':
        out.push(h('blockquote', {}, blocks(t.tokens, mention)));
        break;
      case 'list':
        out.push(h(t.ordered ? 'ol' : 'ul', t.ordered && t.start !== 1 && t.start !== '' ? { start: t.start } : {},
          t.items.map((item) => h('li', {}, blocks(item.tokens, mention)))));
        break;
      default:
        // Headings, rules, tables, raw HTML and the rest: the text exactly as typed.
        out.push(h('p', {}, withMentions(t.raw.replace(/\n+$/, ''), mention)));
    }
  }
  return out;
}

function inline(tokens, mention) {
  const out = [];
  for (const t of tokens || []) {
    switch (t.type) {
      case 'text':
        out.push(t.tokens ? inline(t.tokens, mention) : withMentions(t.text, mention));
        break;
      case 'escape':
        out.push(t.text);
        break;
      case 'strong':
        out.push(h('strong', {}, inline(t.tokens, mention)));
        break;
      case 'em':
        out.push(h('em', {}, inline(t.tokens, mention)));
        break;
      case 'del':
        out.push(h('del', {}, inline(t.tokens, mention)));
        break;
      case 'codespan':
        out.push(h('code', { text: t.text }));
        break;
      case 'br':
        out.push(h('br'));
        break;
      case 'link':
        out.push(link(t, mention));
        break;
      default:
        // Raw HTML, images and anything new: the text as typed.
        out.push(t.raw);
    }
  }
  return out;
}

/** A link only for http, https and mailto URLs; anything else stays as typed. */
function link(t, mention) {
  let url;
  try {
    url = new URL(t.href);
  } catch {
    return t.raw;
  }
  if (!LINK_SCHEMES.has(url.protocol)) return t.raw;
  return h('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer' }, inline(t.tokens, mention));
}

function withMentions(text, mention) {
  const out = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    const name = match[2].replace(/[.-]+$/, '');
    const who = name.length >= 3 ? mention(name) : null;
    if (!who) continue;
    const start = match.index + match[1].length;
    if (start > last) out.push(text.slice(last, start));
    out.push(h('span', { class: 'mention' + (who.me ? ' mention-me' : ''), text: '@' + name }));
    last = start + 1 + name.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
