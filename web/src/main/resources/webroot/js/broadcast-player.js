// A broadcast class, open: plays the live stream (HLS). A browser that plays HLS itself gets the playlist as
// the video's source; any other loads hls.js, only then. It starts on the sound-only rendition where the family
// chose a small connection (remembered on this device, the same choice as the built-in rooms') or where the
// browser says the network is slow or data is to be saved; one button switches. Before the broadcast begins,
// or while it is interrupted, the page waits and starts by itself: it asks the hub every six to eight seconds.
// The family's questions to the instructor go from the form below, with a confirmation.

import { labelSwitch, loadHls, rememberSoundOnly, startsOnSoundOnly } from './broadcast-choice.js';

const root = document.getElementById('broadcast');
const data = root.dataset;
const video = document.getElementById('player');
const overlay = document.getElementById('player-overlay');
const state = document.getElementById('player-state');
const start = document.getElementById('player-start');
const toggle = document.getElementById('player-switch');
const renditions = JSON.parse(data.renditions || '{}');
/**
 * How often a waiting page asks whether the broadcast began, give or take a random second or two: a centre's
 * families may share one address, whose requests to join links the hub counts (300 a minute by default).
 */
const LOOK_AGAIN_MS = 6000;
const FIRST_LOOK_MS = 1500;
/** Frames or time stuck this long while live: the broadcast is interrupted, the page waits for it again. */
const STALL_LIMIT_MS = 15000;
const nativeHls = video.canPlayType('application/vnd.apple.mpegurl') !== '';

let audioOnly = startsOnSoundOnly(data.linkKey, data.audioOnly === 'true');
let hls = null;
let waitTimer = null;
let stallTimer = null;
let played = false;

/** Says where the player stands; what shows over the video is not said twice beneath it. */
function say(text, shownOnVideo = text) {
  state.textContent = text;
  state.classList.toggle('visually-hidden', shownOnVideo === text);
  overlay.textContent = shownOnVideo;
  overlay.hidden = !shownOnVideo;
}

function drawSwitch() {
  labelSwitch(toggle, audioOnly, data);
  root.classList.toggle('audio-only', audioOnly);
}

/** hls.js, loaded once, the first time it is needed. */
function source() {
  return audioOnly ? renditions.audio : renditions['360p'];
}

async function attach() {
  clearTimeout(waitTimer);
  say(data.textLoading);
  detach();
  if (nativeHls) {
    video.src = source();
  } else {
    let Hls;
    try {
      Hls = await loadHls(data.hls);
    } catch {
      say(data.textUnsupported);
      return;
    }
    if (!Hls || !Hls.isSupported()) {
      say(data.textUnsupported);
      return;
    }
    // No worker: the page's policy allows no blob: scripts, and one stream this size does not need it.
    hls = new Hls({ enableWorker: false, liveSyncDurationCount: 3, manifestLoadingMaxRetry: 2 });
    hls.on(Hls.Events.ERROR, (event, failure) => {
      if (failure.fatal) {
        interrupted();
      }
    });
    hls.loadSource(source());
    hls.attachMedia(video);
  }
  play();
}

function detach() {
  clearTimeout(stallTimer);
  if (hls) {
    hls.destroy();
    hls = null;
  }
  video.removeAttribute('src');
  video.load();
}

function play() {
  video.play().then(() => {
    start.hidden = true;
  }).catch((failure) => {
    // A browser that wants a tap before playing sound: one big button.
    if (failure && failure.name === 'NotAllowedError') {
      start.hidden = false;
      say(state.textContent, '');
    }
  });
}

/**
 * The stream stopped (the instructor's connection dropped, or the hub restarts it): wait for it again. Before it
 * ever played, the broadcast is only starting (its first segment is seconds away): look again sooner.
 */
function interrupted() {
  detach();
  say(played ? data.textPaused : data.textLoading);
  lookAgain(played ? LOOK_AGAIN_MS : FIRST_LOOK_MS);
}

/** Asks the hub whether the broadcast is on; the page's own event stream reloads it if the class ends. */
function lookAgain(after = LOOK_AGAIN_MS) {
  clearTimeout(waitTimer);
  waitTimer = setTimeout(async () => {
    try {
      const response = await fetch(data.descriptor, { headers: { Accept: 'application/json' } });
      if (response.ok) {
        const descriptor = await response.json();
        if (descriptor.video && descriptor.video.mode === 'BROADCAST' && descriptor.video.live) {
          Object.assign(renditions, descriptor.video.renditions || {});
          attach();
          return;
        }
      }
    } catch {
      // Offline for a moment: ask again.
    }
    lookAgain();
  }, after + Math.random() * 2000);
}

video.addEventListener('playing', () => {
  played = true;
  clearTimeout(stallTimer);
  say(data.textPlaying, audioOnly ? data.textAudioOn : '');
});
video.addEventListener('waiting', () => {
  clearTimeout(stallTimer);
  stallTimer = setTimeout(interrupted, STALL_LIMIT_MS);
});
video.addEventListener('error', () => {
  if (video.getAttribute('src') || hls) {
    interrupted();
  }
});
start.addEventListener('click', () => {
  start.hidden = true;
  play();
});
toggle.addEventListener('click', () => {
  audioOnly = !audioOnly;
  rememberSoundOnly(data.linkKey, audioOnly);
  drawSwitch();
  if (hls || video.getAttribute('src')) {
    attach();
  }
});

drawSwitch();
if (data.live === 'true') {
  attach();
} else {
  say(data.textWaiting);
  lookAgain();
}

// Questions: one at a time, a confirmation for each, and when to try again if too soon.
const MAX_QUESTION = 280;
const form = document.getElementById('question-form');
if (form) {
  const text = document.getElementById('question-text');
  const status = document.getElementById('question-status');
  const mine = document.getElementById('my-questions');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const asked = text.value.trim();
    if (!asked || asked.length > MAX_QUESTION) {
      status.textContent = asked ? form.dataset.tooLong : form.dataset.empty;
      text.focus();
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: asked }),
      });
      if (response.status === 201) {
        const question = await response.json();
        const item = document.createElement('li');
        item.textContent = question.text;
        mine.prepend(item);
        document.getElementById('my-questions-box').hidden = false;
        text.value = '';
        status.textContent = form.dataset.sent;
      } else if (response.status === 400 || response.status === 422) {
        status.textContent = form.dataset.tooLong;
      } else if (response.status === 429) {
        const problem = await response.json().catch(() => ({}));
        status.textContent = form.dataset.wait.replace('{s}', String(problem.retryAfter || 15));
      } else {
        status.textContent = form.dataset.failed;
      }
    } catch {
      status.textContent = form.dataset.failed;
    } finally {
      button.disabled = false;
    }
  });
}
