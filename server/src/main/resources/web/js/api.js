// The HTTP API (docs/api.md). Errors come back as ApiError carrying the server's {code, message}.

export class ApiError extends Error {
  constructor(status, code, message, body, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
    // Seconds until a refused (429) request may be tried again, from Retry-After.
    this.retryAfter = retryAfter;
  }
}

function retryAfterOf(response, json) {
  const header = Number.parseInt(response.headers.get('Retry-After') || '', 10);
  if (Number.isFinite(header) && header >= 0) return header;
  return json && Number.isFinite(json.retryAfter) ? json.retryAfter : null;
}

// A request the network swallows (a half-dead link) fails after this long instead of never.
const REQUEST_TIMEOUT_MS = 15000;

/** Sends a file as the raw body (the server reads its type from the content, not from here). */
function sendRaw(method, path, file) {
  return request(method, path, file, REQUEST_TIMEOUT_MS, true);
}

async function request(method, path, body, timeoutMs = REQUEST_TIMEOUT_MS, raw = false) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin',
    signal: AbortSignal.timeout(timeoutMs) };
  if (raw) {
    init.headers['X-Requested-With'] = 'FriendChat';
    init.headers['Content-Type'] = 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  } else if (method !== 'GET') {
    // The server wants JSON or this header on a state change without a body (CSRF check).
    init.headers['X-Requested-With'] = 'FriendChat';
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
  }
  if (response.status === 204) return null;
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  if (!response.ok) {
    const code = (json && json.code) || 'http_' + response.status;
    const message = (json && json.message) || 'The server answered ' + response.status + '.';
    throw new ApiError(response.status, code, message, json, retryAfterOf(response, json));
  }
  return json;
}

/**
 * Uploads a file to a room with XMLHttpRequest, whose upload progress fetch cannot report:
 * `onProgress(fraction)` as it goes. Resolves to the stored {file}; rejects with an ApiError.
 */
export function upload(roomId, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/rooms/' + encodeURIComponent(roomId) + '/files?name=' + encodeURIComponent(file.name || 'file'));
    xhr.setRequestHeader('X-Requested-With', 'FriendChat');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (ev) => {
      if (ev.lengthComputable) onProgress(ev.loaded / ev.total);
    });
    xhr.addEventListener('load', () => {
      const json = xhr.response;
      if (xhr.status === 201 && json && json.file) resolve(json.file);
      else reject(new ApiError(xhr.status, (json && json.code) || 'http_' + xhr.status,
        (json && json.message) || 'The upload failed (' + xhr.status + ').', json));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network', 'The upload was cut off. Try again.')));
    xhr.send(file);
  });
}

export const api = {
  /** {user} or {user: null}: being logged out is an answer here, not an error (no 401 in the console). */
  session: (timeoutMs) => request('GET', '/api/auth/session', undefined, timeoutMs),
  me: (timeoutMs) => request('GET', '/api/me', undefined, timeoutMs),
  signup: (fields) => request('POST', '/api/auth/signup', fields),
  login: (login, password) => request('POST', '/api/auth/login', { login, password }),
  logout: () => request('POST', '/api/auth/logout'),
  logoutAll: () => request('POST', '/api/auth/logout-all'),
  updateMe: (displayName) => request('PATCH', '/api/me', { displayName }),
  changePassword: (current, next) => request('POST', '/api/me/password', { current, new: next }),
  rooms: () => request('GET', '/api/rooms'),
  createRoom: (name, description, members, visibility = 'private') =>
    request('POST', '/api/rooms', { name, description, members, visibility }),
  room: (id) => request('GET', '/api/rooms/' + encodeURIComponent(id)),
  updateRoom: (id, fields) => request('PATCH', '/api/rooms/' + encodeURIComponent(id), fields),
  deleteRoom: (id) => request('DELETE', '/api/rooms/' + encodeURIComponent(id)),
  addMembers: (id, usernames) => request('POST', '/api/rooms/' + encodeURIComponent(id) + '/members', { usernames }),
  removeMember: (id, userId) =>
    request('DELETE', '/api/rooms/' + encodeURIComponent(id) + '/members/' + encodeURIComponent(userId)),
  changeRole: (id, userId, role) =>
    request('PATCH', '/api/rooms/' + encodeURIComponent(id) + '/members/' + encodeURIComponent(userId), { role }),
  history: (id, before, limit = 50) => request('GET', '/api/rooms/' + encodeURIComponent(id) + '/messages?limit=' + limit
    + (before ? '&before=' + before : '')),
  setNotify: (id, level) => request('PUT', '/api/rooms/' + encodeURIComponent(id) + '/notify', { level }),
  search: (q, before) => request('GET', '/api/search?' + new URLSearchParams(
    Object.entries({ q, before }).filter(([, v]) => v))),
  leaveRoom: (id) => request('POST', '/api/rooms/' + encodeURIComponent(id) + '/leave'),
  searchUsers: (q) => request('GET', '/api/users?q=' + encodeURIComponent(q)),
  setAvatar: (file) => sendRaw('PUT', '/api/me/avatar', file),
  clearAvatar: () => request('DELETE', '/api/me/avatar'),
  blocked: () => request('GET', '/api/me/blocks'),
  block: (userId) => request('PUT', '/api/me/blocks/' + encodeURIComponent(userId)),
  unblock: (userId) => request('DELETE', '/api/me/blocks/' + encodeURIComponent(userId)),
  openDirect: (userId) => request('POST', '/api/dms', { userId }),
  publicRooms: (offset = 0, limit = 20) => request('GET', '/api/rooms/public?offset=' + offset + '&limit=' + limit),
  joinRoom: (id) => request('POST', '/api/rooms/' + encodeURIComponent(id) + '/join'),
  invites: (id) => request('GET', '/api/rooms/' + encodeURIComponent(id) + '/invites'),
  createInvite: (id, fields) => request('POST', '/api/rooms/' + encodeURIComponent(id) + '/invites', fields),
  revokeInvite: (id, token) =>
    request('DELETE', '/api/rooms/' + encodeURIComponent(id) + '/invites/' + encodeURIComponent(token)),
  invite: (token) => request('GET', '/api/invites/' + encodeURIComponent(token)),
  acceptInvite: (token) => request('POST', '/api/invites/' + encodeURIComponent(token) + '/accept'),
  adminStats: () => request('GET', '/api/admin/stats'),
  adminUsers: (prefix, after) => request('GET', '/api/admin/users?' + new URLSearchParams(
    Object.entries({ prefix, after }).filter(([, v]) => v))),
  adminDeactivate: (id) => request('POST', '/api/admin/users/' + encodeURIComponent(id) + '/deactivate'),
  adminReactivate: (id) => request('POST', '/api/admin/users/' + encodeURIComponent(id) + '/reactivate'),
  adminDeleteRoom: (id) => request('DELETE', '/api/admin/rooms/' + encodeURIComponent(id)),
  adminAudit: (before) => request('GET', '/api/admin/audit' + (before ? '?before=' + encodeURIComponent(before) : '')),
};
