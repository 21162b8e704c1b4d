// The network at a glance: the relay-sites and the week's sittings follow the hub's server-sent events, so
// the page stays current without a reload. Each event is the page's live parts as they now stand.
const root = document.getElementById('network');
const live = document.getElementById('network-live');

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

// On a phone the tables become cards: each cell names its column, as the page's header row does.
function headings(table) {
  return [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
}

function labelled(cells, names) {
  cells.forEach((td, i) => {
    if (names[i]) {
      td.dataset.label = names[i];
    }
  });
  return cells;
}

function cell(main, detail, tag = 'span') {
  const td = el('td');
  td.append(tag === 'strong' ? el('strong', main) : document.createTextNode(main));
  if (detail) {
    td.append(el('br'), el('span', detail, { class: 'meta' }));
  }
  return td;
}

function renderSites(data) {
  document.getElementById('sites-summary').textContent = data.sitesSummary;
  document.getElementById('sites-table').hidden = data.sites.length === 0;
  const names = headings(document.getElementById('sites-table'));
  const rows = data.sites.map((site) => {
    const tr = el('tr', null, { 'data-site': site.id, 'data-online': String(site.online) });
    const state = el('td');
    state.append(el('span', site.stateLabel, { class: site.online ? 'online' : 'offline' }));
    tr.append(...labelled([cell(site.name, site.centre, 'strong'), state, el('td', site.lastSeen),
      el('td', site.version), el('td', site.next)], [null, ...names.slice(1)]));
    return tr;
  });
  document.getElementById('sites').replaceChildren(...rows);
}

// Each day keeps its heading and its table's header row: only the rows, or the "nothing" line, change.
function renderDay(section, sittings) {
  const template = root.querySelector('template#network-day-table');
  let wrapper = section.querySelector('.table-scroll');
  const empty = section.querySelector('p.meta');
  if (sittings.length === 0) {
    wrapper?.remove();
    if (!empty) {
      section.append(el('p', root.dataset.empty, { class: 'meta' }));
    }
    return;
  }
  empty?.remove();
  if (!wrapper) {
    wrapper = template.content.firstElementChild.cloneNode(true);
    section.append(wrapper);
  }
  const names = headings(wrapper);
  const rows = sittings.map((s) => {
    const tr = el('tr', null, { 'data-sitting': s.key, 'data-status': s.status });
    const status = el('td');
    status.append(el('span', s.statusLabel, { class: `network-status ${s.status}` }));
    const links = el('div', null, { class: 'network-links' });
    for (const [href, label, kind] of [[s.console, root.dataset.console, 'button small'],
      [s.edit, root.dataset.edit, 'button secondary small']]) {
      const a = el('a', label, { class: kind, href });
      a.append(el('span', ` – ${s.title}`, { class: 'visually-hidden' }));
      links.append(a);
    }
    const actions = el('td');
    actions.append(links);
    tr.append(...labelled([el('td', s.time, { class: 'time' }), cell(s.title, `${s.centre} · ${s.theme}`, 'strong'),
      status, cell(s.families, s.waiting), cell(s.rooms, s.roomNames), actions],
    [names[0], null, names[2], names[3], names[4], null]));
    return tr;
  });
  wrapper.querySelector('tbody').replaceChildren(...rows);
}

function render(data) {
  renderSites(data);
  for (const day of data.days) {
    const section = root.querySelector(`section.network-day[data-date="${day.date}"]`);
    if (section) {
      renderDay(section, day.sittings);
    }
  }
  live.textContent = `${root.dataset.updated} ${new Date().toLocaleTimeString(document.documentElement.lang,
    { hour: '2-digit', minute: '2-digit' })}`;
}

if (root && 'EventSource' in window) {
  const events = new EventSource(root.dataset.events);
  events.addEventListener('network', (event) => render(JSON.parse(event.data)));
  events.addEventListener('error', () => {
    // The browser tries again by itself; a stream it gave up on (signed out, refused) needs a reload.
    if (events.readyState === EventSource.CLOSED) {
      live.textContent = root.dataset.stopped;
    }
  });
}
