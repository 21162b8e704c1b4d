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
    const { gsm, count } = parts(text);
    counter.textContent = (gsm ? field.dataset.gsm : field.dataset.ucs)
      .replace('{0}', String(text.length)).replace('{1}', field.dataset.max).replace('{2}', String(text ? count : 0));
  };
  field.addEventListener('input', show);
  show();
}
