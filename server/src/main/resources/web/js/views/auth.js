// Landing, sign-up and log-in screens (no session yet).
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { check, field, formError, onSubmit, rules } from '../forms.js';

export function landing(root) {
  replace(root, h('main', { id: 'main', class: 'landing', tabindex: '-1' },
    h('h1', { class: 'brand-title', text: 'FriendChat' }),
    h('p', { class: 'lead', text: 'Group chat for you and your friends, on your own server.' }),
    h('ul', { class: 'features' },
      h('li', { text: 'Create rooms and invite your friends by username.' }),
      h('li', { text: 'Messages arrive live on every phone and computer you are logged in on.' }),
      h('li', { text: 'See who is online, who is typing and what you have not read yet.' })),
    h('p', { class: 'actions' },
      h('a', { class: 'button primary', href: '#/signup', text: 'Sign up' }),
      h('a', { class: 'button', href: '#/login', text: 'Log in' }))));
}

function authPage(root, title, form, alternative) {
  replace(root, h('main', { id: 'main', class: 'auth', tabindex: '-1' },
    h('p', { class: 'brand-small' }, h('a', { href: '#/', text: 'FriendChat' })),
    h('h1', { text: title }), form, alternative));
  const first = form.querySelector('input');
  if (first) first.focus();
}

export function login(root, onLoggedIn) {
  const who = field('Username or email', { name: 'login', autocomplete: 'username', required: true });
  const password = field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = formError();
  const form = h('form', { class: 'stack', novalidate: true }, who, password, error,
    h('button', { type: 'submit', class: 'button primary', text: 'Log in' }));
  onSubmit(form, error, { invalid_type: who, missing_field: who }, async () => {
    if (!check([
      [who, rules.required(who.input.value.trim(), 'Enter your username or email.')],
      [password, rules.required(password.input.value, 'Enter your password.')],
    ])) return;
    const { user } = await api.login(who.input.value.trim(), password.input.value);
    onLoggedIn(user);
  });
  authPage(root, 'Log in', form,
    h('p', {}, 'New here? ', h('a', { href: '#/signup', text: 'Create an account' }), '.'));
}

export function signup(root, onLoggedIn) {
  const username = field('Username', { name: 'username', autocomplete: 'username', required: true,
    'data-hint': '3–32 letters, digits, “_”, “-” or “.”. Friends add you by it.' });
  const email = field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true });
  const displayName = field('Display name (optional)', { name: 'displayName', autocomplete: 'nickname' });
  const password = field('Password', { name: 'password', type: 'password', autocomplete: 'new-password', required: true,
    'data-hint': 'At least 8 characters, and not a common password.' });
  const error = formError();
  const form = h('form', { class: 'stack', novalidate: true }, username, email, displayName, password, error,
    h('button', { type: 'submit', class: 'button primary', text: 'Create account' }));
  const fieldsByCode = {
    invalid_username: username, username_taken: username,
    invalid_email: email, email_taken: email,
    invalid_password: password, password_too_common: password,
    invalid_display_name: displayName,
  };
  onSubmit(form, error, fieldsByCode, async () => {
    const fields = { username: username.input.value.trim(), email: email.input.value.trim(), password: password.input.value };
    const name = displayName.input.value.trim();
    if (!check([
      [username, rules.username(fields.username)],
      [email, rules.email(fields.email)],
      [displayName, rules.displayName(name)],
      [password, rules.newPassword(fields.password, fields.username, fields.email)],
    ])) return;
    if (name) fields.displayName = name;
    const { user } = await api.signup(fields);
    onLoggedIn(user);
  });
  authPage(root, 'Create your account', form,
    h('p', {}, 'Already have an account? ', h('a', { href: '#/login', text: 'Log in' }), '.'));
}
