// Turning data into words: times, days, names and system messages.

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const shortDayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

export function time(iso) {
  return timeFormat.format(new Date(iso));
}

export function dayKey(iso) {
  const d = new Date(iso);
  return d.getFullYear() + '-' + (d.getMonth() + 1) + '-' + d.getDate();
}

/** "Today", "Yesterday" or the full date, for the separators between days. */
export function dayLabel(iso) {
  const key = dayKey(iso);
  const now = new Date();
  if (key === dayKey(now.toISOString())) return 'Today';
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (key === dayKey(yesterday.toISOString())) return 'Yesterday';
  return dayFormat.format(new Date(iso));
}

/** The time for today's activity, else a short date: for dashboard rows. */
export function when(iso) {
  if (!iso) return '';
  return dayKey(iso) === dayKey(new Date().toISOString()) ? time(iso) : shortDayFormat.format(new Date(iso));
}

export function nameOf(user) {
  if (!user) return 'Someone';
  return user.displayName || user.username || 'Someone';
}

function person(user, meId) {
  return user && user.id === meId ? 'you' : nameOf(user);
}

/** "you" starts a sentence as "You"; names stay as their owners wrote them. */
function capitalized(text) {
  return text === 'you' ? 'You' : text;
}

function list(names) {
  if (names.length <= 1) return names.join('');
  return names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
}

/** A system message (message.system) as a sentence; `meId` turns the reader into "you". */
export function systemText(system, meId) {
  if (!system) return '';
  const by = person(system.by, meId);
  const user = person(system.user, meId);
  switch (system.type) {
    case 'room_created':
      return capitalized(by) + ' created the room “' + system.name + '”.';
    case 'members_added':
      return capitalized(by) + ' added ' + list((system.users || []).map((u) => person(u, meId))) + '.';
    case 'member_removed':
      return capitalized(by) + ' removed ' + user + '.';
    case 'member_left':
      return capitalized(user) + ' left the room.';
    case 'member_joined':
      return capitalized(user) + ' joined' + (system.via === 'invite' ? ' with an invite link.' : '.');
    case 'role_changed':
      return capitalized(by) + ' made ' + user + (system.role === 'admin' ? ' an admin.' : system.role === 'owner'
        ? ' the owner.' : ' a member.');
    case 'owner_changed':
      return capitalized(by) + ' made ' + user + ' the owner.';
    case 'room_updated': {
      const parts = [];
      if (system.name !== undefined && system.name !== null) {
        parts.push(system.previousName ? 'renamed the room from “' + system.previousName + '” to “' + system.name + '”'
          : 'renamed the room to “' + system.name + '”');
      }
      if (system.description !== undefined && system.description !== null) parts.push('changed the description');
      if (system.visibility) parts.push(system.visibility === 'public' ? 'made the room public' : 'made the room private');
      return capitalized(by) + ' ' + (parts.length ? list(parts) : 'updated the room') + '.';
    }
    default:
      return 'The room changed.';
  }
}

/** One line for a dashboard row: "Alice: hi" or a system sentence. */
export function preview(message, meId) {
  if (!message) return 'No messages yet';
  if (message.kind === 'system') return systemText(message.system, meId);
  const who = message.author && message.author.id === meId ? 'You' : nameOf(message.author);
  return who + ': ' + (message.deleted ? 'message deleted' : message.body);
}

export function roleLabel(role) {
  return role === 'owner' ? 'Owner' : role === 'admin' ? 'Admin' : 'Member';
}

const ROLE_ORDER = { owner: 0, admin: 1, member: 2 };

/** Members by role (owner, admins, members), then by name: for every member list. */
export function byRole(members) {
  return [...members].sort((a, b) => ((ROLE_ORDER[a.role] ?? 3) - (ROLE_ORDER[b.role] ?? 3))
    || nameOf(a).localeCompare(nameOf(b)));
}

// Consecutive messages from one author are shown as one group (one name, one time) while each
// follows the one before within this long, as chat apps do.
export const GROUP_WINDOW_MS = 5 * 60 * 1000;

/** True when `m` continues `previous`'s group: same author, same day, within the window. */
export function continues(previous, m) {
  if (!previous || previous.kind !== 'text' || m.kind !== 'text' || !previous.author || !m.author) return false;
  if (previous.author.id !== m.author.id || dayKey(previous.createdAt) !== dayKey(m.createdAt)) return false;
  const gap = new Date(m.createdAt) - new Date(previous.createdAt);
  return gap >= 0 && gap <= GROUP_WINDOW_MS;
}
