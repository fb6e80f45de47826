// Labelled form fields, checked here before sending (every field at once) and again by the
// server, whose {code, message} errors are shown inline too.
import { h } from './dom.js';

// The server's rules (AccountService, RoomService, MessageService), checked here first so that
// every mistake shows at once, before anything is sent. The server checks them all again.
export const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;
const EMAIL = /^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$/;
export const LIMITS = { email: 254, passwordMin: 8, passwordMax: 128, displayName: 64, roomName: 80,
  description: 500, message: 4000 };

/** Length as the server counts it: in characters (code points), not UTF-16 units. */
export function length(text) {
  return [...text].length;
}

export const rules = {
  username(v) {
    if (!v) return 'Choose a username.';
    return USERNAME.test(v) ? null : 'A username has 3 to 32 letters, digits, “_”, “-” or “.”.';
  },
  email(v) {
    if (!v) return 'Enter your email address.';
    if (/\s/.test(v)) return 'An email address has no spaces.';
    return v.length <= LIMITS.email && EMAIL.test(v) ? null : 'That does not look like an email address.';
  },
  newPassword(v, ...others) {
    if (!v) return 'Choose a password.';
    const n = length(v);
    if (n < LIMITS.passwordMin) return 'A password has at least 8 characters; this one has ' + n + '.';
    if (n > LIMITS.passwordMax) return 'A password has at most 128 characters.';
    const lower = v.toLowerCase();
    if (others.some((o) => o && o.toLowerCase() === lower)) return 'Choose a password other than your username or email.';
    return null;
  },
  displayName(v, required = false) {
    if (!v) return required ? 'Enter a display name.' : null;
    return length(v) <= LIMITS.displayName ? null : 'A display name has at most 64 characters.';
  },
  required(v, message) {
    return v ? null : message;
  },
};

let ids = 0;

/** A labelled input (or textarea/select passed as `control`), with a slot for its error. */
export function field(label, attrs = {}, control = null) {
  const id = attrs.id || 'f' + ++ids;
  const input = control || h('input', { ...attrs, id });
  if (control) input.id = id;
  const error = h('p', { class: 'field-error', id: id + '-error', hidden: true });
  const hint = attrs['data-hint'] ? h('p', { class: 'hint', id: id + '-hint', text: attrs['data-hint'] }) : null;
  input.setAttribute('aria-describedby', [hint ? id + '-hint' : null, id + '-error'].filter(Boolean).join(' '));
  const wrapper = h('div', { class: 'field' }, h('label', { for: id, text: label }), hint, input, error);
  wrapper.input = input;
  wrapper.error = error;
  return wrapper;
}

/** A form-level error line; announced when it changes. */
export function formError() {
  return h('p', { class: 'form-error', role: 'alert', hidden: true });
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error, .form-error')) {
    el.hidden = true;
    el.textContent = '';
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/** Shows a message under a field and marks the field invalid. */
export function fieldError(f, message) {
  f.error.textContent = message;
  f.error.hidden = false;
  f.input.setAttribute('aria-invalid', 'true');
}

/**
 * Checks fields before sending: `checks` holds [fieldWrapper, message or null] pairs. Shows
 * every message at once, focuses the first field at fault, and returns true when all pass.
 */
export function check(checks) {
  let first = null;
  for (const [f, message] of checks) {
    if (!message) continue;
    fieldError(f, message);
    if (!first) first = f;
  }
  if (first) first.input.focus();
  return !first;
}

/** "in 40 seconds", "in 5 minutes (at 14:32)": when a refused request may be tried again. */
export function retryIn(seconds) {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return 'in ' + s + (s === 1 ? ' second' : ' seconds');
  const at = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
    .format(new Date(Date.now() + s * 1000));
  const minutes = Math.ceil(s / 60);
  if (minutes < 120) return 'in ' + minutes + (minutes === 1 ? ' minute' : ' minutes') + ' (at ' + at + ')';
  return 'in ' + Math.round(minutes / 60) + ' hours (at ' + at + ')';
}

/**
 * An error's message for people: a 429 says when to try again (from Retry-After) instead of
 * "later".
 */
export function messageOf(error) {
  if (error.code === 'rate_limited' && Number.isFinite(error.retryAfter)) {
    const text = (error.message || '').replace(/\s*Try again later\.?$/, '');
    return (text ? text + ' ' : '') + 'Try again ' + retryIn(error.retryAfter) + '.';
  }
  return error.message;
}

/**
 * Shows an API error next to the field it is about (`fieldsByCode` maps error codes to field
 * wrappers), or else in the form-level error line. Focuses the field at fault.
 */
export function showError(formErrorEl, error, fieldsByCode = {}) {
  const target = fieldsByCode[error.code];
  if (target) {
    fieldError(target, messageOf(error));
    target.input.focus();
  } else {
    formErrorEl.textContent = messageOf(error);
    formErrorEl.hidden = false;
  }
}

/**
 * Wires a form's submit: clears earlier errors, runs `action` with the submit button disabled,
 * and shows a failure inline (see showError). `action` may return early to send nothing.
 */
export function onSubmit(form, formErrorEl, fieldsByCode, action) {
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    busy(form, async () => {
      try {
        await action();
      } catch (e) {
        showError(formErrorEl, e, fieldsByCode);
      }
    });
  });
}

/** Runs `action` with the form's submit button disabled, so a double click sends once. */
export async function busy(form, action) {
  const buttons = form.querySelectorAll('button[type=submit]');
  for (const b of buttons) b.disabled = true;
  try {
    return await action();
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}
