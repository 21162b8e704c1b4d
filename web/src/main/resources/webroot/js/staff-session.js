// The browser's staff session, for the staff's live pages: the API takes the session cookie, and every
// write carries the session's CSRF token (from the readable relais_csrf cookie) in X-CSRF-Token. Without a
// live session, the page sends to the staff sign-in, which brings the browser back here.

/** The session's CSRF token, or '' when the browser holds no session. */
export function csrfToken() {
  const found = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith('relais_csrf='));
  return found ? decodeURIComponent(found.slice('relais_csrf='.length)) : '';
}

/** To the staff sign-in, coming back to this page. */
export function signIn() {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/staff/login?next=${encodeURIComponent(here)}`);
}

/**
 * Calls the API with the session, or with a staff member's bearer token where one was handed over (a
 * kiosk's). A 401 sends to the sign-in; any other refusal is thrown with the problem's status and type.
 */
export async function staffApi(method, path, bearer = null) {
  const headers = bearer ? { Authorization: `Bearer ${bearer}` } : {};
  if (!bearer && method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken();
  }
  const response = await fetch(`/api/v1${path}`, { method, headers, credentials: 'same-origin' });
  if (response.status === 401) {
    const failure = new Error('signed_out');
    failure.status = 401;
    if (!bearer) {
      signIn();
    }
    throw failure;
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const failure = new Error(problem.type || `status_${response.status}`);
    failure.status = response.status;
    throw failure;
  }
  return response.json();
}
