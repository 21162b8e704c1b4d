// The instructor's and coordinators' live view of one session: rooms online, people counted in, help
// requests, families at home. Updated over the hub's live bridge as rooms report; no refresh. It reads the
// API with the browser's staff session; without one, it sends to the staff sign-in.
import { Bridge } from './bridge.js';
import { ConsoleQuestions } from './console-questions.js';
import { staffApi as api } from './staff-session.js';
import { Studio } from './studio.js';

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
const questions = new ConsoleQuestions(sessionId, api);
const studio = new Studio(sessionId, api, () => shown);

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

let charted = [];

/** The rooms' bars, drawn in the chart's own width so that its text keeps its size on a phone. */
function chart(rooms) {
  charted = rooms;
  const svg = $('chart');
  const ns = 'http://www.w3.org/2000/svg';
  const rowHeight = 28;
  const width = Math.max(280, Math.round(svg.clientWidth) || 600);
  const labels = Math.round(Math.min(200, width * 0.4));
  const bars = width - labels - 56;
  const max = Math.max(1, ...rooms.map((r) => Math.max(r.headCount, r.expectedHeadCount)));
  svg.setAttribute('viewBox', `0 0 ${width} ${Math.max(rowHeight, rooms.length * rowHeight)}`);
  svg.replaceChildren();
  rooms.forEach((room, i) => {
    const y = i * rowHeight;
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', 0);
    label.setAttribute('y', y + 19);
    label.setAttribute('font-size', 14);
    label.textContent = room.siteName;
    const expected = document.createElementNS(ns, 'rect');
    expected.setAttribute('x', labels);
    expected.setAttribute('y', y + 5);
    expected.setAttribute('height', 18);
    expected.setAttribute('width', (room.expectedHeadCount / max) * bars);
    expected.setAttribute('fill', '#e7e5e4');
    const bar = document.createElementNS(ns, 'rect');
    bar.setAttribute('x', labels);
    bar.setAttribute('y', y + 5);
    bar.setAttribute('height', 18);
    bar.setAttribute('width', (room.headCount / max) * bars);
    bar.setAttribute('fill', room.online ? '#0f766e' : '#a8a29e');
    const value = document.createElementNS(ns, 'text');
    value.setAttribute('x', labels + bars + 6);
    value.setAttribute('y', y + 19);
    value.setAttribute('font-size', 14);
    value.textContent = `${room.headCount}/${room.expectedHeadCount}`;
    svg.append(label, expected, bar, value);
  });
}

window.addEventListener('resize', () => chart(charted));

function draw(live) {
  $('live').hidden = false;
  $('title').textContent = live.title;
  drawSitting(live);
  $('online').textContent = `${live.totals.online}/${live.totals.rooms}`;
  $('head-count').textContent = String(live.totals.headCount);
  $('help-requests').textContent = String(live.totals.helpRequests);
  // Once the sitting is over, pages left open are no audience: the figure becomes the families who came.
  const over = live.sitting?.state === 'ENDED';
  $('home-label').textContent = over ? $('home-label').dataset.after : $('home-label').dataset.during;
  $('home').textContent = String(over ? live.home.came : live.totals.home);
  $('sitting').textContent = live.sitting ? texts.textTimes
    .replace('{start}', TIME.format(new Date(live.sitting.start)))
    .replace('{end}', TIME.format(new Date(live.sitting.end)))
    .replace('{updated}', TIME.format(new Date(live.updatedAt))) : '';
  // Each cell carries its column's name, which a phone shows before it (the rows are cards there).
  const columns = [...document.querySelectorAll('table.rooms thead th')].map((th) => th.textContent);
  $('rooms').replaceChildren(...live.rooms.map((room) => {
    const row = el('tr', null, { 'data-site': room.siteId });
    row.append(el('td', `${room.centreName} — ${room.siteName}`, { 'data-label': columns[0] }));
    row.append(el('td', room.online ? texts.textOnline : texts.textOffline,
      { class: room.online ? 'online' : 'offline', 'data-label': columns[1] }));
    row.append(el('td', `${room.headCount} / ${room.expectedHeadCount}`, { class: 'room-count', 'data-label': columns[2] }));
    row.append(el('td', room.helpRequests.map((h) => h.label || '?').join(', ') || '—',
      { class: 'room-help', 'data-label': columns[3] }));
    row.append(el('td', room.questions.map((q) => q.label).join(' · ') || '—', { 'data-label': columns[4] }));
    return row;
  }));
  chart(live.rooms);
  if (live.sitting) {
    questions.follow(live.sitting.date).catch(() => {});
  }
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
  studio.sittingShown(sitting);
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
  // A broadcast class has its studio here; an animator following the rooms has no business on air.
  Promise.all([api('GET', `/sessions/${sessionId}`), api('GET', '/auth/me')])
    .then(([session, me]) => {
      if (session.videoMode === 'BROADCAST') {
        // The instructor's own link would only play their broadcast back to them: the studio is where they are.
        entry = null;
        $('enter').hidden = true;
      }
      return me.role === 'ANIMATOR' ? null : studio.show(session);
    }).catch(() => {});
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
    onOpen: () => api('GET', `/sessions/${sessionId}/live`).then(draw)
      .then(() => shown && questions.follow(shown.date, true)).catch(() => {}),
  });
  // The live address carries the figures, and each family's question as it comes or is answered.
  bridge.register(`relais.session.${sessionId}.live`, (body) => (body.type === 'question'
    ? questions.heard(body.question) : draw(body)));
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
