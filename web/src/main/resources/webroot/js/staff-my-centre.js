// The centre's family help calls on the animators' page, live: the queue as it stands, read again each
// time one of the centre's calls is made, taken or ended (heard over the hub's live bridge), so that a new
// call shows without a reload. "Prendre l'appel" opens the call's room, which takes the call.
import { Bridge } from './bridge.js';
import { staffApi } from './staff-session.js';

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null));
  return node;
}

function follow(panel) {
  const texts = panel.dataset;
  const centre = texts.helpCentre;
  const list = panel.querySelector('.help-calls');
  const state = panel.querySelector('.calls-state');
  const time = new Intl.DateTimeFormat(texts.lang === 'en' ? 'en-GB' : 'fr-FR',
    { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });
  // Answers may cross: only the latest request draws.
  let asked = 0;

  function item(call) {
    const mine = call.takenBy === texts.me;
    const link = call.status === 'WAITING' || mine
      ? el('a', { class: 'button', href: `/help-calls/${encodeURIComponent(call.id)}/room` },
        mine ? texts.textRejoin : texts.textTake, el('span', { class: 'visually-hidden' }, ` · ${call.displayName}`))
      : null;
    return el('li', { class: 'help-item family-call', 'data-call': call.id },
      el('span', { class: 'seat' }, call.displayName),
      el('span', { class: 'meta' }, texts.textSince.replace('{time}', time.format(new Date(call.createdAt)))),
      call.message ? el('q', { class: 'message' }, call.message) : null,
      call.status === 'TAKEN' ? el('span', { class: 'meta' }, texts.textTakenBy.replace('{name}', call.takenByName ?? ''))
        : null,
      link);
  }

  async function refresh() {
    const request = ++asked;
    try {
      const queue = await staffApi('GET', `/centres/${centre}/help-calls`);
      if (request !== asked) {
        return;
      }
      list.replaceChildren(...queue.items.map(item));
      if (queue.items.length === 0) {
        list.append(el('li', { class: 'meta' }, texts.textNone));
      }
    } catch (failure) {
      if (failure.status !== 401) {
        state.textContent = texts.textFailed;
      }
    }
  }

  const bridge = new Bridge(async () => {
    const ticket = await staffApi('POST', `/centres/${centre}/help-calls/ticket`).catch((failure) => {
      // Signed out or refused: trying again would not change that.
      failure.final = failure.status === 401 || failure.status === 403;
      throw failure;
    });
    // The page's own origin, whatever address the hub calls itself: the socket's Origin must match it.
    const given = new URL(ticket.url, window.location.href);
    const url = new URL(given.pathname + given.search, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }, {
    // Whatever changed while the socket was down is in the queue as it stands now.
    onOpen: () => {
      state.textContent = texts.textLive;
      refresh();
    },
    onDown: () => { state.textContent = texts.textDown; },
  });
  bridge.register(`relais.centre.${centre}.help`, refresh);
  bridge.start();
  refresh();
}

document.querySelectorAll('[data-help-centre]').forEach(follow);
