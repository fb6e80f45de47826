// Labelled form fields with inline errors taken from the API's {code, message}.
import { h } from './dom.js';

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

/**
 * Shows an API error next to the field it is about (`fieldsByCode` maps error codes to field
 * wrappers), or else in the form-level error line. Focuses the field at fault.
 */
export function showError(formErrorEl, error, fieldsByCode = {}) {
  const target = fieldsByCode[error.code];
  if (target) {
    target.error.textContent = error.message;
    target.error.hidden = false;
    target.input.setAttribute('aria-invalid', 'true');
    target.input.focus();
  } else {
    formErrorEl.textContent = error.message;
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
