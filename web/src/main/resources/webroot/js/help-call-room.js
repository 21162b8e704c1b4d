// The staff end of a family's help call: with the browser's staff session (or the token a kiosk handed
// over in the fragment, which never reaches a server), takes the call (taking one's own call again changes
// nothing) and joins its room. Without either, it sends to the staff sign-in. Hanging up ends the call for
// both ends.
import { csrfToken, staffApi } from './staff-session.js';

const TOKEN_KEY = 'relais.staff.token';
const page = document.getElementById('help-call');
const room = document.getElementById('room');
const status = document.getElementById('help-call-status');
const path = `/help-calls/${encodeURIComponent(page.dataset.call)}`;

const handed = new URLSearchParams(window.location.hash.slice(1)).get('token');
if (handed) {
  sessionStorage.setItem(TOKEN_KEY, handed);
  history.replaceState(null, '', window.location.pathname);
}
/** A kiosk's animator signed in on the kiosk, not in this browser: their token, for this tab only. */
const bearer = sessionStorage.getItem(TOKEN_KEY);

function over() {
  room.hidden = true;
  document.getElementById('controls').hidden = true;
  document.getElementById('left').hidden = false;
}

async function join() {
  try {
    await staffApi('POST', `${path}/take`, bearer);
  } catch (failure) {
    if (failure.status === 401 && bearer) {
      // The kiosk's token has expired: this browser's own session, or the sign-in, takes over.
      sessionStorage.removeItem(TOKEN_KEY);
      window.location.reload();
      return;
    }
    if (failure.status !== 401) {
      status.textContent = failure.status === 409 || failure.status === 403 ? page.dataset.textTakenByOther
        : page.dataset.textFailed;
    }
    return;
  }
  const me = await staffApi('GET', '/auth/me', bearer).catch(() => ({}));
  room.dataset.name = me.displayName ?? '';
  if (bearer) {
    room.dataset.ticketBearer = bearer;
  } else {
    room.dataset.ticketCsrf = csrfToken();
  }
  status.textContent = '';
  room.hidden = false;
  document.getElementById('controls').hidden = false;
  await import('./room.js');
}

room.addEventListener('relais:left', async () => {
  await staffApi('POST', `${path}/close`, bearer).catch(() => {});
  over();
});
room.addEventListener('relais:closed', over);

join();
