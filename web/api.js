// The UI's one door to the JSON API. Paths are relative to this page (…/ui/), so the UI keeps working behind a
// reverse proxy that mounts the mirror under a path prefix.

const TOKEN_KEY = 'pantry.adminToken';
// Where the token lives when sessionStorage is switched off: this page only.
let memoryToken = null;

/** An API failure with the server's one-line reason. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The URL of a mirror path ("simple/x/") as seen from this page. */
export function mirrorUrl(path) {
  return new URL('../' + path, window.location.href).href;
}

function apiUrl(path, params) {
  const url = new URL('../api/' + path, window.location.href);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  return url;
}

async function call(method, path, params, admin) {
  const headers = { Accept: 'application/json' };
  if (admin) {
    const t = adminToken();
    if (t) headers.Authorization = 'Bearer ' + t;
  }
  let response;
  try {
    response = await fetch(apiUrl(path, params), { method, headers, cache: 'no-store', credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'The mirror did not answer (is it running?)');
  }
  if (!response.ok) {
    const text = (await response.text()).trim();
    throw new ApiError(response.status, text || response.status + ' ' + response.statusText);
  }
  return response.json();
}

export function get(path, params) {
  return call('GET', path, params, false);
}

export function adminPost(path) {
  return call('POST', path, null, true);
}

export function adminDelete(path) {
  return call('DELETE', path, null, true);
}

/** The admin token for this browser tab (sessionStorage: gone when the tab closes), or null. */
export function adminToken() {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY) || memoryToken;
  } catch (e) {
    return memoryToken;
  }
}

export function setAdminToken(token) {
  memoryToken = token || null;
  try {
    if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
    else window.sessionStorage.removeItem(TOKEN_KEY);
  } catch (e) {
    // Storage disabled: memoryToken keeps it for as long as this page lives.
  }
}
