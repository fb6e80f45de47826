// The account page: display name, password change, logging out everywhere.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { check, field, formError, onSubmit, rules } from '../forms.js';
import { avatarSection } from './people.js';

export function accountPage(main, { me, setMe }, logout) {
  const displayName = field('Display name', { value: me.displayName || '', maxlength: '64', autocomplete: 'nickname' });
  const profileError = formError();
  const profileSaved = h('p', { class: 'saved', role: 'status' });
  const profile = h('form', { class: 'stack panel', novalidate: true },
    h('h2', { text: 'Profile' }),
    h('p', { class: 'hint', text: 'Username @' + me.username + ' · ' + (me.email || '') }),
    displayName, profileError,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', text: 'Save' }), profileSaved));
  onSubmit(profile, profileError, { invalid_display_name: displayName }, async () => {
    profileSaved.textContent = '';
    if (!check([[displayName, rules.displayName(displayName.input.value.trim(), true)]])) return;
    const { user } = await api.updateMe(displayName.input.value.trim());
    setMe(user);
    profileSaved.textContent = 'Saved.';
  });

  const current = field('Current password', { type: 'password', autocomplete: 'current-password' });
  const next = field('New password', { type: 'password', autocomplete: 'new-password',
    'data-hint': 'At least 8 characters. Your other devices will be logged out.' });
  const passwordError = formError();
  const passwordSaved = h('p', { class: 'saved', role: 'status' });
  const password = h('form', { class: 'stack panel', novalidate: true },
    h('h2', { text: 'Change password' }), current, next, passwordError,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', text: 'Change password' }), passwordSaved));
  const passwordFields = { wrong_password: current, invalid_password: next, password_too_common: next };
  onSubmit(password, passwordError, passwordFields, async () => {
    passwordSaved.textContent = '';
    if (!check([
      [current, rules.required(current.input.value, 'Enter your current password.')],
      [next, rules.newPassword(next.input.value, me.username, me.email)],
    ])) return;
    await api.changePassword(current.input.value, next.input.value);
    current.input.value = '';
    next.input.value = '';
    passwordSaved.textContent = 'Password changed. Your other sessions were logged out.';
  });

  const sessions = h('section', { class: 'panel' }, h('h2', { text: 'Sessions' }),
    h('p', { class: 'hint', text: 'Log out on this device, or on every device where you are logged in.' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', text: 'Log out', on: { click: () => logout(false) } }),
      h('button', { type: 'button', class: 'button danger', text: 'Log out everywhere', on: { click: () => logout(true) } })));

  replace(main, h('div', { class: 'page' },
    h('p', { class: 'page-back' }, h('a', { href: '#/', text: '← Rooms' })),
    h('h1', { text: 'Your account' }), profile, avatarSection(me, setMe), password, sessions));
  return null;
}
