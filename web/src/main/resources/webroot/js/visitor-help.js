// A visitor's help request: the page asks the kiosk every few seconds where it stands and says so in
// place (how many wait before it; then done, or withdrawn) instead of reloading the page under its reader.
// Without JavaScript, the page's "Actualiser" link does the same by hand.
const request = document.getElementById('request');
const data = request.dataset;
const POLL_MS = 3000;
const $ = (id) => document.getElementById(id);

function show(state) {
  $('waiting').hidden = !state.waiting;
  $('done').hidden = state.waiting || state.withdrawn;
  $('withdrawn').hidden = state.waiting || !state.withdrawn;
  $('again').hidden = state.waiting;
  if (state.waiting) {
    const coming = state.before > 0 ? data.textComingAfter.replace('{count}', state.before) : data.textComing;
    const text = state.seat ? `${coming} ${data.textSeat.replace('{seat}', state.seat)}` : coming;
    if ($('waiting-status').textContent !== text) {
      $('waiting-status').textContent = text;
    }
  }
  return state.waiting;
}

async function follow() {
  try {
    const response = await fetch(`/help/${encodeURIComponent(data.id)}/status`, { cache: 'no-store' });
    if (response.ok && !show(await response.json())) {
      return;
    }
  } catch {
    // The kiosk restarting: the next look will do.
  }
  setTimeout(follow, POLL_MS);
}

if (!$('waiting').hidden) {
  $('refresh').hidden = true;
  $('updates').hidden = false;
  setTimeout(follow, POLL_MS);
}
