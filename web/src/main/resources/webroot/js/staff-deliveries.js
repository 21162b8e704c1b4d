// The free message's counter: characters used and how many SMS parts the text takes. GSM-7 fits 160 characters
// in one part (153 each when split, ^{}\[~]|€ counting twice); any other character (ê, ç, «, Arabic) makes the
// whole text UCS-2: 70 in one part, 67 each when split. The same rule as the hub's SmsLength.
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?'
  + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENDED = '^{}\\[~]|€\f';

function parts(text) {
  const chars = Array.from(text);
  const gsm = chars.every((c) => BASIC.includes(c) || EXTENDED.includes(c));
  const units = gsm ? chars.reduce((n, c) => n + (EXTENDED.includes(c) ? 2 : 1), 0) : text.length;
  const single = gsm ? 160 : 70;
  const each = gsm ? 153 : 67;
  return { gsm, count: units <= single ? 1 : Math.ceil(units / each) };
}

const field = document.getElementById('text');
const counter = document.getElementById('text-count');
if (field && counter) {
  const show = () => {
    const text = field.value.trim();
    // Counted as the families read it: with the centre's name and their link around the words.
    const { gsm, count } = parts((field.dataset.frame || '{message}').replace('{message}', text));
    counter.textContent = (gsm ? field.dataset.gsm : field.dataset.ucs)
      .replace('{0}', String(text.length)).replace('{1}', field.dataset.max).replace('{2}', String(text ? count : 0));
  };
  field.addEventListener('input', show);
  show();
}

// The statuses follow the outbox without a click: every little while the page is read again and the time, the
// families to call and the list are replaced, while the tab is visible. Nothing is announced, so a screen reader
// is not interrupted; the "updated at" line says when it was read.
const live = document.getElementById('deliveries-live');
const list = document.getElementById('deliveries-list');
if (live && list) {
  const every = Number(live.dataset.refresh || '30') * 1000;
  setInterval(async () => {
    if (document.hidden) {
      return;
    }
    try {
      const answer = await fetch(window.location.pathname, { credentials: 'same-origin', cache: 'no-store' });
      if (!answer.ok) {
        return;
      }
      const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html');
      const freshLive = fresh.getElementById('deliveries-live');
      const freshList = fresh.getElementById('deliveries-list');
      if (freshLive && freshList) {
        live.innerHTML = freshLive.innerHTML;
        list.innerHTML = freshList.innerHTML;
      }
    } catch (e) {
      // Offline for a moment: the next round tries again, and the time shown says how old the page is.
    }
  }, every);
}
