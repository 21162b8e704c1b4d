// The kiosk's board: today's classes in the room, the room screen, the head count, the help queues (the
// room's visitors', the centre's families' calls).
// Drawn from the board the relay-site publishes after every change, over its local event-bus bridge.
import { Bridge } from './bridge.js';

const BOARD = 'relais.kiosk.board';
const $ = (id) => document.getElementById(id);
// The page's texts, in its language (data-text-* on the body); times and days in the same language, Western digits.
const T = document.body.dataset;
const LOCALE = `${document.documentElement.lang}-u-nu-latn`;
const TIME = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });
const DAY = new Intl.DateTimeFormat(LOCALE, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/Paris' });
const fill = (text, values) => Object.entries(values).reduce((out, [k, v]) => out.replaceAll(`{${k}}`, v), text);

let board = JSON.parse($('board').textContent);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else if (value !== false && value !== null && value !== undefined) {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}),
  });
  if (response.ok) {
    draw(await response.json());
    return true;
  }
  const problem = await response.json().catch(() => ({}));
  $('link-state').textContent = problem.detail || fill(T.textRefused, { status: response.status });
  return false;
}

function linkLabel(link) {
  const since = TIME.format(new Date(link.since));
  switch (link.state) {
    case 'ONLINE': return link.pending > 0 ? fill(T.textOnlinePending, { count: link.pending }) : T.textOnline;
    case 'REVOKED': return T.textRevoked;
    default: return fill(T.textOffline, { since })
      + (link.pending > 0 ? ` ${fill(T.textOfflinePending, { count: link.pending })}` : '');
  }
}

function counter(sitting) {
  const minus = el('button', { class: 'button round', type: 'button', 'aria-label': T.textOneLess,
    disabled: sitting.headCount === 0, onclick: () => post('/kiosk/api/count', { sessionId: sitting.sessionId, delta: -1 }) }, '−');
  const plus = el('button', { class: 'button round', type: 'button', 'aria-label': T.textOneMore,
    onclick: () => post('/kiosk/api/count', { sessionId: sitting.sessionId, delta: 1 }) }, '+');
  const count = el('output', { class: 'head-count', 'data-testid': `count-${sitting.sessionId}`, 'aria-live': 'polite' },
    String(sitting.headCount));
  return el('div', { class: 'counter' }, minus, el('div', { class: 'count-box' }, count,
    el('span', { class: 'meta' }, fill(T.textPresentOf, { expected: sitting.expectedHeadCount }))), plus);
}

// The board is redrawn each time the room or the hub changes something: the form a person is typing
// into stays the same element, with what they typed, as long as it is for the same sitting.
function checkInForm(sitting, typing) {
  if (typing?.dataset.session === sitting.sessionId) {
    return typing;
  }
  const name = el('input', { name: 'name', maxlength: 40, required: true, placeholder: T.textCheckInName,
    'aria-label': T.textCheckInName });
  const size = el('input', { name: 'householdSize', type: 'number', min: 1, max: 20, value: 1,
    'aria-label': T.textCheckInHousehold });
  return el('form', { class: 'check-in', 'data-session': sitting.sessionId, onsubmit: async (event) => {
    event.preventDefault();
    if (await post('/kiosk/api/check-ins', { sessionId: sitting.sessionId, name: name.value,
      householdSize: Number(size.value) })) {
      name.value = '';
      size.value = 1;
    }
  } }, name, size, el('button', { class: 'button', type: 'submit' }, T.textCheckIn));
}

function screenButton(sitting) {
  if (!sitting.screenUrl) {
    return null;
  }
  return el('button', { class: 'button huge', type: 'button', onclick: () => {
    // A broadcast plays from this relay's own copy (same origin); other classes from the hub.
    window.open(sitting.screenUrl, 'relais-screen');
    post('/kiosk/api/screen', { sessionId: sitting.sessionId });
  } }, T.textScreen);
}

// A broadcast class: the room follows it through the relay; one line says so, and how the pull goes.
function broadcastNote(sitting) {
  if (!sitting.broadcast) {
    return null;
  }
  const trouble = sitting.broadcast === 'RECONNECTING';
  const text = trouble ? T.textBroadcastReconnecting
    : sitting.broadcast === 'RECEIVING' ? T.textBroadcastFollowing : T.textBroadcastWaiting;
  return el('p', { id: 'broadcast-note', class: `broadcast-note${trouble ? ' trouble' : ''}`, role: 'status' }, text);
}

function picto(category) {
  return el('img', { class: 'picto', src: `/static/icons/${category}.svg`, alt: '', width: 48, height: 48 });
}

function sittingItem(sitting) {
  const when = `${TIME.format(new Date(sitting.start))} – ${TIME.format(new Date(sitting.end))}`;
  const state = sitting.state === 'CANCELLED' ? el('span', { class: 'badge badge-CANCELLED' }, T.textSittingCancelled)
    : sitting.live ? el('span', { class: 'badge live' }, T.textLive)
      : sitting.past ? el('span', { class: 'badge' }, T.textEnded) : null;
  const broadcast = sitting.broadcast ? el('span', { class: 'badge' }, T.textBroadcastBadge) : null;
  return el('li', { class: `sitting${sitting.live ? ' is-live' : ''}` }, picto(sitting.category),
    el('div', { class: 'what' }, el('span', { class: 'time' }, when), el('span', { class: 'title' }, sitting.title), state,
      broadcast),
    el('span', { class: 'meta' }, fill(T.textPresent, { count: sitting.headCount })));
}

function drawNow(live) {
  const now = $('now');
  const typing = now.querySelector('form.check-in');
  const focused = typing?.contains(document.activeElement) ? document.activeElement : null;
  now.replaceChildren();
  if (!live) {
    const next = board.today.find((s) => !s.past && s.state !== 'CANCELLED');
    now.append(el('p', { class: 'empty' }, next
      ? fill(T.textNextClass, { title: next.title, time: TIME.format(new Date(next.start)) })
      : T.textNoMoreToday));
    if (next) {
      now.append(el('h3', {}, fill(T.textWelcomeFor, { title: next.title })), counter(next), checkInForm(next, typing));
    }
    focused?.focus();
    return;
  }
  now.append(el('div', { class: 'now-head' }, picto(live.category), el('div', {},
    el('p', { class: 'kicker' }, live.state === 'LIVE' ? T.textLive : T.textOnTime),
    el('h3', { class: 'title' }, live.title))), broadcastNote(live), screenButton(live), counter(live),
  checkInForm(live, typing));
  if (live.checkIns.length > 0) {
    now.append(el('p', { class: 'meta' }, T.textCheckedIn + ' ' + live.checkIns.map((c) => `${c.name} (${c.householdSize})`).join(', ')));
  }
  focused?.focus();
}

function drawHelp() {
  const texts = $('help-panel').dataset;
  const list = $('help');
  list.replaceChildren(...board.help.map((h) => el('li', { class: 'help-item' },
    el('span', { class: 'seat' }, h.seat || '?'),
    el('span', { class: 'meta' }, texts.textSince.replace('{time}', TIME.format(new Date(h.at)))),
    el('button', { class: 'button', type: 'button', onclick: () => post(`/kiosk/api/help/${h.id}/done`) },
      texts.textDone))));
  if (board.help.length === 0) {
    list.append(el('li', { class: 'meta' }, texts.textNone));
  }
  $('help-count').textContent = String(board.help.length);
}

// A window the kiosk opened for nothing; one that holds a call's room already (another origin) stays.
function closeIfBlank(opened) {
  try {
    if (opened && opened.location.href === 'about:blank') {
      opened.close();
    }
  } catch {
    // The call's room, on the hub's origin: it is in use.
  }
}

// A family's call: the kiosk takes it on the hub for the animator, then the call's room opens in its own
// window (opened on the click itself, so that no popup blocker stops it once the hub has answered).
async function takeCall(call) {
  const opened = window.open('', 'relais-call');
  const response = await fetch(`/kiosk/api/family-calls/${call.id}/take`, { method: 'POST' });
  if (response.ok) {
    const { roomUrl } = await response.json();
    $('calls-error').textContent = '';
    if (opened) {
      opened.opener = null;
      opened.location.href = roomUrl;
    } else {
      window.location.href = roomUrl;
    }
    return;
  }
  closeIfBlank(opened);
  const problem = await response.json().catch(() => ({}));
  $('calls-error').textContent = problem.detail || `${response.status}`;
}

// The calls as last drawn: a board that changed elsewhere (the link retrying, a head count) leaves the
// list, and the button under the animator's finger, as they are.
let callsDrawn = null;

function drawFamilyCalls() {
  const texts = $('calls-panel').dataset;
  const calls = board.familyCalls ?? [];
  $('calls-offline').hidden = board.link.state === 'ONLINE';
  const key = JSON.stringify(calls);
  if (key === callsDrawn) {
    return;
  }
  callsDrawn = key;
  $('family-calls').replaceChildren(...calls.map((call) => el('li', { class: 'help-item family-call' },
    el('span', { class: 'seat' }, call.displayName),
    el('span', { class: 'title' }, call.sessionTitle),
    el('span', { class: 'meta' }, texts.textSince.replace('{time}', TIME.format(new Date(call.createdAt)))),
    call.message ? el('q', { class: 'message' }, call.message) : null,
    call.taken ? el('span', { class: 'meta' }, texts.textTakenBy.replace('{name}', call.takenByName ?? '')) : null,
    el('button', { class: 'button', type: 'button', onclick: () => takeCall(call) },
      call.taken ? texts.textRejoin : texts.textTake))));
  if (calls.length === 0) {
    $('family-calls').append(el('li', { class: 'meta' }, texts.textNone));
  }
  $('calls-count').textContent = String(calls.filter((call) => !call.taken).length);
}

function draw(next) {
  board = next;
  $('site-name').textContent = `${board.site.centreName} — ${board.site.name}`;
  const link = $('link-state');
  link.textContent = linkLabel(board.link);
  link.dataset.state = board.link.state;
  const live = board.today.find((s) => s.live) ?? null;
  drawNow(live);
  drawHelp();
  drawFamilyCalls();
  $('today-title').textContent = fill(T.textTodayOf, { day: DAY.format(new Date(board.now)) });
  $('today').replaceChildren(...board.today.map(sittingItem));
  if (!board.scheduleKnown) {
    $('today').append(el('li', { class: 'empty' }, T.textScheduleUnknown));
  } else if (board.today.length === 0) {
    $('today').append(el('li', { class: 'empty' }, T.textNoneToday));
  }
  $('upcoming').replaceChildren(...board.upcoming.map((s) => el('li', { class: 'qr-item' },
    el('img', { src: s.qrUrl, alt: fill(T.textQrAlt, { title: s.title }), width: 132, height: 132 }),
    el('span', { class: 'title' }, s.title), el('span', { class: 'meta' },
      `${DAY.format(new Date(s.start))}, ${TIME.format(new Date(s.start))}`))));
}

draw(board);
const bus = new Bridge(async () => {
  const url = new URL('/eventbus/websocket', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}, {
  onOpen: () => fetch('/kiosk/api/board').then((r) => r.ok && r.json()).then((b) => b && draw(b)),
});
bus.register(BOARD, draw);
bus.start();
// The clock moves on even when nothing happens: what is "now" changes with it.
setInterval(() => fetch('/kiosk/api/board').then((r) => r.ok && r.json()).then((b) => b && draw(b)), 60_000);
