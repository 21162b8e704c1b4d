// What a broadcast's live player and its replay share: the family's choice of a small connection for this link
// (remembered on this device, as the built-in rooms do), and hls.js, loaded only by a browser that does not play
// HLS itself, and only once.

const key = (linkKey) => `relais.connection.${linkKey}`;

function stored(name, value) {
  try {
    return value === undefined ? window.localStorage.getItem(name) : window.localStorage.setItem(name, value);
  } catch {
    return null;
  }
}

/** Sound only if asked in the address, else as chosen before, else where the browser says the line is weak. */
export function startsOnSoundOnly(linkKey, asked) {
  if (asked) {
    return true;
  }
  const remembered = stored(key(linkKey));
  if (remembered) {
    return remembered === 'audio';
  }
  const network = navigator.connection;
  return Boolean(network && (network.saveData || /(^|-)2g$/.test(network.effectiveType)
    || network.effectiveType === '3g'));
}

export function rememberSoundOnly(linkKey, audioOnly) {
  stored(key(linkKey), audioOnly ? 'audio' : 'full');
}

/** The switch says what a tap gives, with its pictogram: the sound only, or the picture back. */
export function labelSwitch(toggle, audioOnly, texts) {
  toggle.querySelector('span').textContent = audioOnly ? texts.textVideo : texts.textAudio;
  toggle.querySelector('use').setAttribute('href', `/static/icons/actions.svg#${audioOnly ? 'camera' : 'listen'}`);
  toggle.setAttribute('aria-pressed', String(audioOnly));
}

let hlsLoaded = null;

export function loadHls(src) {
  if (!hlsLoaded) {
    hlsLoaded = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = () => resolve(window.Hls);
      script.onerror = () => reject(new Error('hls.js did not load'));
      document.head.append(script);
    });
  }
  return hlsLoaded;
}
