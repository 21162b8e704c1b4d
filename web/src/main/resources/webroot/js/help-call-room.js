// The staff end of a family's help call: signs in (or takes the token a kiosk handed over in the
// fragment, which never reaches a server), takes the call (taking one's own call again changes nothing)
// and joins its room. Hanging up ends the call for both ends.
const TOKEN_KEY = 'relais.staff.token';
const page = document.getElementById('help-call');
const room = document.getElementById('room');
const status = document.getElementById('help-call-status');
const signIn = document.getElementById('help-call-sign-in');
const api = `/api/v1/help-calls/${encodeURIComponent(page.dataset.call)}`;

const handed = new URLSearchParams(window.location.hash.slice(1)).get('token');
if (handed) {
  sessionStorage.setItem(TOKEN_KEY, handed);
  history.replaceState(null, '', window.location.pathname);
}

function bearer() {
  return { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` };
}

function over() {
  room.hidden = true;
  document.getElementById('controls').hidden = true;
  document.getElementById('left').hidden = false;
}

async function join() {
  const taken = await fetch(`${api}/take`, { method: 'POST', headers: bearer() });
  if (taken.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    signIn.hidden = false;
    return;
  }
  if (!taken.ok) {
    status.textContent = taken.status === 409 || taken.status === 403 ? page.dataset.textTakenByOther
      : page.dataset.textFailed;
    return;
  }
  const me = await fetch('/api/v1/auth/me', { headers: bearer() }).then((r) => (r.ok ? r.json() : {}));
  room.dataset.name = me.displayName ?? '';
  room.dataset.ticketBearer = sessionStorage.getItem(TOKEN_KEY);
  status.textContent = '';
  room.hidden = false;
  document.getElementById('controls').hidden = false;
  await import('./room.js');
}

document.getElementById('help-call-sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const answer = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
  });
  if (!answer.ok) {
    status.textContent = page.dataset.textSignInRefused;
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, (await answer.json()).token);
  signIn.hidden = true;
  join();
});

room.addEventListener('relais:left', async () => {
  await fetch(`${api}/close`, { method: 'POST', headers: bearer() });
  over();
});
room.addEventListener('relais:closed', over);

if (sessionStorage.getItem(TOKEN_KEY)) {
  join();
} else {
  signIn.hidden = false;
}
