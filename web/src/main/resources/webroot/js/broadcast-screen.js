// The room's screen for a broadcast: the relay's 720p playlist through hls.js (or the browser's own HLS),
// with sound if the browser allows it, else muted with a button to turn it on. When the picture stops moving,
// a notice says why (reconnecting, not started yet, ended) until it moves again: nobody has to touch anything.
const $ = (id) => document.getElementById(id);
const T = document.body.dataset;
const video = $('player');
const stall = $('stall');
const unmute = $('unmute');
const STALLED_AFTER_MS = 2500;

let relayState = 'WAITING';
let lastTime = -1;
let lastMoved = 0;
let hls = null;
let over = false;

function play() {
  video.muted = false;
  video.play().catch(() => {
    // The browser keeps the sound off until someone touches the page: play muted, offer the sound.
    video.muted = true;
    unmute.hidden = false;
    video.play().catch(() => {});
  });
}

unmute.addEventListener('click', () => {
  video.muted = false;
  video.play().catch(() => {});
  unmute.hidden = true;
});

function attach() {
  if (window.Hls && window.Hls.isSupported()) {
    hls?.destroy();
    hls = new window.Hls({ enableWorker: false, liveSyncDurationCount: 3, liveMaxLatencyDurationCount: 30,
      manifestLoadingMaxRetry: 2, levelLoadingMaxRetry: 6 });
    hls.on(window.Hls.Events.MANIFEST_PARSED, play);
    hls.on(window.Hls.Events.ERROR, (event, data) => {
      if (!data.fatal) {
        return;
      }
      if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR) {
        hls.recoverMediaError();
      } else {
        // The relay has no playlist yet (not started) or could not be reached: start over in a moment.
        setTimeout(() => { if (!over) attach(); }, 2000);
      }
    });
    hls.loadSource(T.src);
    hls.attachMedia(video);
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = T.src;
    video.addEventListener('loadedmetadata', play, { once: true });
    video.addEventListener('error', () => setTimeout(() => { if (!over) video.src = T.src; }, 2000));
  } else {
    stall.textContent = T.textUnsupported;
  }
}

function notice() {
  switch (relayState) {
    case 'ENDED':
    case 'NONE': return T.textEnded;
    case 'WAITING': return lastTime < 0 ? T.textWaiting : T.textReconnecting;
    default: return T.textReconnecting;
  }
}

// The picture moves or it does not: the notice follows what the viewers see, worded by what the relay knows.
setInterval(() => {
  const now = performance.now();
  if (video.currentTime !== lastTime && !video.paused) {
    if (lastTime >= 0 || video.currentTime > 0) {
      lastMoved = now;
    }
    lastTime = video.currentTime;
  }
  const moving = lastMoved > 0 && now - lastMoved < STALLED_AFTER_MS;
  stall.hidden = moving;
  document.body.classList.toggle('stalled', !moving);
  if (!moving) {
    const text = notice();
    if (stall.textContent !== text) {
      stall.textContent = text;
    }
  }
}, 500);

/** The broadcast is over: nothing more to ask the relay for, until a broadcast is on again. */
function end() {
  over = true;
  hls?.destroy();
  hls = null;
  video.removeAttribute('src');
  video.load();
}

async function followRelay() {
  try {
    const response = await fetch(T.status, { cache: 'no-store' });
    relayState = (await response.json()).state;
  } catch {
    relayState = 'RECONNECTING';
  }
  const ended = relayState === 'ENDED' || relayState === 'NONE';
  if (ended && !over) {
    end();
  } else if (!ended && over && relayState !== 'RECONNECTING') {
    over = false;
    attach();
  }
}
setInterval(followRelay, 2000);
followRelay();
attach();
