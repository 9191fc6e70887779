// The management APIs, as the console calls them. The login token lives in sessionStorage only (this tab,
// until it closes or signs out), is sent as a header (no cookie: nothing another site could make the browser
// send), and no response is cached.

const TOKEN_KEY = 'authbridge.console.login';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** A failed call: the status, the message the API gave, and per-field messages when it gave some. */
export class ApiError extends Error {
  constructor(status, message, fields) {
    super(message);
    this.status = status;
    this.fields = fields || {};
  }
}

/**
 * Calls the API. {basic: projectId} authenticates as Basic project_id:login-token, as the SignalWire
 * dialect wants; otherwise Bearer. {anonymous: true} sends no credential (sign-in).
 */
export async function api(method, path, options = {}) {
  const headers = { Accept: 'application/json' };
  const token = session.token;
  if (!options.anonymous && token) {
    headers.Authorization = options.basic
      ? `Basic ${btoa(`${options.basic}:${token}`)}`
      : `Bearer ${token}`;
  }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
    });
  } catch {
    throw new ApiError(0, 'The gateway could not be reached. Check your connection and try again.');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.ok) {
    return data;
  }
  const error = errorOf(response.status, data);
  if (response.status === 401 && options.basic) {
    // the SignalWire dialect answers 401 for a missing permission too: only a refused session ends it
    await api('GET', '/api/v2/users/me').catch(() => null);
    throw new ApiError(401, 'This project refused the request: you may not manage its tokens.');
  }
  if (response.status === 401 && !options.anonymous) {
    window.dispatchEvent(new CustomEvent('authbridge:session-ended', { detail: error }));
  }
  throw error;
}

/** Reads either dialect's error body: Exceptionless problems and SignalWire errors. */
function errorOf(status, data) {
  const fallback = `The request failed (${status}).`;
  if (!data || typeof data !== 'object') {
    return new ApiError(status, fallback);
  }
  if (Array.isArray(data.errors)) {
    const fields = {};
    for (const item of data.errors) {
      const name = item.attribute || '_';
      (fields[name] = fields[name] || []).push(item.message);
    }
    return new ApiError(status, data.errors.map((item) => item.message).join(' '), fields);
  }
  if (data.errors && typeof data.errors === 'object') {
    return new ApiError(status, 'Please correct the highlighted fields.', data.errors);
  }
  return new ApiError(status, data.title || data.error || data.message || fallback);
}
