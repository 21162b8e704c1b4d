// The instructor's and coordinators' live view of one session: rooms online, people counted in, help
// requests, families at home. Updated over the hub's live bridge as rooms report; no refresh. It reads the
// API with the browser's staff session; without one, it sends to the staff sign-in.
import { Bridge } from './bridge.js';
import { staffApi as api } from './staff-session.js';

const $ = (id) => document.getElementById(id);
const texts = document.body.dataset;
const sessionId = texts.session;
const LOCALE = texts.lang === 'en' ? 'en-GB' : 'fr-FR';
const TIME = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });
const DAY = new Intl.DateTimeFormat(LOCALE, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/Paris' });
let bridge = null;
let shown = null;
// The signed-in instructor's own room link, when they are this session's instructor.
let entry = null;

function el(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = text;
  }
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  return node;
}

function chart(rooms) {
  const svg = $('chart');
  const ns = 'http://www.w3.org/2000/svg';
  const rowHeight = 28;
  const max = Math.max(1, ...rooms.map((r) => Math.max(r.headCount, r.expectedHeadCount)));
  svg.setAttribute('viewBox', `0 0 600 ${Math.max(rowHeight, rooms.length * rowHeight)}`);
  svg.replaceChildren();
  rooms.forEach((room, i) => {
    const y = i * rowHeight;
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', 0);
    label.setAttribute('y', y + 19);
    label.setAttribute('font-size', 14);
    label.textContent = room.siteName;
    const expected = document.createElementNS(ns, 'rect');
    expected.setAttribute('x', 200);
    expected.setAttribute('y', y + 5);
    expected.setAttribute('height', 18);
    expected.setAttribute('width', (room.expectedHeadCount / max) * 360);
    expected.setAttribute('fill', '#e7e5e4');
    const bar = document.createElementNS(ns, 'rect');
    bar.setAttribute('x', 200);
    bar.setAttribute('y', y + 5);
    bar.setAttribute('height', 18);
    bar.setAttribute('width', (room.headCount / max) * 360);
    bar.setAttribute('fill', room.online ? '#0f766e' : '#a8a29e');
    const value = document.createElementNS(ns, 'text');
    value.setAttribute('x', 566);
    value.setAttribute('y', y + 19);
    value.setAttribute('font-size', 14);
    value.textContent = `${room.headCount}/${room.expectedHeadCount}`;
    svg.append(label, expected, bar, value);
  });
}

function draw(live) {
  $('live').hidden = false;
  $('title').textContent = live.title;
  drawSitting(live);
  $('online').textContent = `${live.totals.online}/${live.totals.rooms}`;
  $('head-count').textContent = String(live.totals.headCount);
  $('help-requests').textContent = String(live.totals.helpRequests);
  $('home').textContent = String(live.totals.home);
  $('sitting').textContent = live.sitting ? texts.textTimes
    .replace('{start}', TIME.format(new Date(live.sitting.start)))
    .replace('{end}', TIME.format(new Date(live.sitting.end)))
    .replace('{updated}', TIME.format(new Date(live.updatedAt))) : '';
  $('rooms').replaceChildren(...live.rooms.map((room) => {
    const row = el('tr', null, { 'data-site': room.siteId });
    row.append(el('td', `${room.centreName} — ${room.siteName}`));
    row.append(el('td', room.online ? texts.textOnline : texts.textOffline, { class: room.online ? 'online' : 'offline' }));
    row.append(el('td', `${room.headCount} / ${room.expectedHeadCount}`, { class: 'room-count' }));
    row.append(el('td', room.helpRequests.map((h) => h.label || '?').join(', ') || '—', { class: 'room-help' }));
    row.append(el('td', room.questions.map((q) => q.label).join(' · ') || '—'));
    return row;
  }));
  chart(live.rooms);
}

// The sitting the buttons act on: the one live or open now, else today's, else the next. "Démarrer" only
// before it, "Terminer" only during it; a cancelled series has neither.
function drawSitting(live) {
  const state = $('state');
  const sitting = live.status === 'CANCELLED' ? null : live.sitting;
  shown = sitting;
  state.textContent = sitting ? state.dataset[sitting.state.toLowerCase()] : state.dataset.seriesCancelled;
  state.dataset.state = sitting?.state === 'LIVE' ? 'ONLINE' : (sitting?.state ?? 'CANCELLED');
  $('start').hidden = sitting?.state !== 'SCHEDULED';
  $('end').hidden = sitting?.state !== 'LIVE';
  $('enter').hidden = !entry || !['SCHEDULED', 'LIVE'].includes(sitting?.state);
  const date = $('sitting-date');
  date.textContent = sitting ? `${date.dataset.label} ${DAY.format(new Date(sitting.start))}` : '';
}

// Coordinators see the instructor's link too, but entering with it would take the instructor's seat.
async function findEntry() {
  const [me, links] = await Promise.all([api('GET', '/auth/me'), api('GET', `/sessions/${sessionId}/join-links`)]);
  // On this console's own address, like the bridge's ticket: the hub may be reached by another name.
  entry = links.instructor?.staffId === me.id ? new URL(links.instructor.url, window.location.href).pathname : null;
  if (entry) {
    $('enter').href = entry;
  }
}

async function follow() {
  await findEntry().catch(() => {});
  draw(await api('GET', `/sessions/${sessionId}/live`));
  bridge?.close();
  bridge = new Bridge(async () => {
    const ticket = await api('POST', `/sessions/${sessionId}/live/ticket`);
    const given = new URL(ticket.url, window.location.href);
    const url = new URL(given.pathname + given.search, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }, {
    // Whatever changed while the socket was down is in the figures as they stand now.
    onOpen: () => api('GET', `/sessions/${sessionId}/live`).then(draw).catch(() => {}),
  });
  bridge.register(`relais.session.${sessionId}.live`, draw);
  bridge.start();
}

// Acts on the date the console shows, so that a click never lands on another sitting than the one read.
function act(action) {
  if (!shown) {
    return;
  }
  api('POST', `/sessions/${sessionId}/sittings/${shown.date}/${action}`)
    .then(() => api('GET', `/sessions/${sessionId}/live`)).then(draw)
    .catch(() => { $('state').textContent = texts.textFailed; });
}

$('start').addEventListener('click', () => act('start'));
$('end').addEventListener('click', () => $('confirm-end').showModal());
$('confirm-end').addEventListener('close', () => {
  if ($('confirm-end').returnValue === 'end') {
    act('end');
  }
  $('end').focus();
});

follow().catch((failure) => {
  if (failure.status !== 401) {
    $('state').textContent = failure.status === 403 ? texts.textForbidden : texts.textFailed;
  }
});
