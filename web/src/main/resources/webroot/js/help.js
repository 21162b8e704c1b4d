// A family's help call: asks the centre, shows the queue as it moves (the page asks the hub every few
// seconds), and once an animator takes the call, opens the call's own built-in room. Hanging up, or
// giving up while waiting, ends the call for both ends.
const help = document.getElementById('help');
const room = document.getElementById('room');
const data = help.dataset;
const api = `/api/v1/join/${encodeURIComponent(data.token)}/help`;
const POLL_MS = 2000;

const askSection = document.getElementById('help-ask');
const waitingSection = document.getElementById('help-waiting');
const status = document.getElementById('help-status');
let callId = data.call || null;
let poller = null;
let inRoom = false;

function over() {
  clearTimeout(poller);
  askSection.hidden = true;
  waitingSection.hidden = true;
  room.hidden = true;
  document.getElementById('controls').hidden = true;
  document.getElementById('left').hidden = false;
}

async function enterRoom(call) {
  inRoom = true;
  waitingSection.hidden = true;
  status.textContent = data.textTaken.replace('{name}', call.takenByName || '');
  room.dataset.ticketUrl = `${api}/${callId}/ticket`;
  room.hidden = false;
  document.getElementById('controls').hidden = false;
  await import('./room.js');
}

function show(call) {
  if (call.status === 'WAITING') {
    askSection.hidden = true;
    waitingSection.hidden = false;
    status.textContent = call.waitingBefore > 0
      ? data.textWaiting.replace('{count}', call.waitingBefore) : data.textWaitingFirst;
  } else if (call.status === 'TAKEN' && !inRoom) {
    enterRoom(call);
  } else if (call.status === 'CANCELLED' || call.status === 'DONE') {
    over();
    return false;
  }
  return true;
}

async function follow() {
  try {
    const response = await fetch(`${api}/${callId}`, { cache: 'no-store' });
    if (response.ok && !show(await response.json())) {
      return;
    }
    if (response.status === 404) {
      over();
      return;
    }
  } catch {
    // A phone between networks: the next look will do.
  }
  poller = setTimeout(follow, POLL_MS);
}

document.getElementById('help-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = document.getElementById('help-message').value;
  const response = await fetch(api, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(message.trim() ? { message } : {}),
  });
  if (!response.ok) {
    status.textContent = data.textFailed;
    waitingSection.hidden = false;
    return;
  }
  const call = await response.json();
  callId = call.id;
  show(call);
  follow();
});

async function hangUp() {
  clearTimeout(poller);
  await fetch(`${api}/${callId}`, { method: 'DELETE' });
  over();
}

document.getElementById('help-cancel').addEventListener('click', hangUp);
room.addEventListener('relais:left', hangUp);
room.addEventListener('relais:closed', over);

if (callId) {
  follow();
}
