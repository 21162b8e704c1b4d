// A broadcast class, over: plays its replay (HLS, a VOD playlist), the same way as the live player: a browser
// that plays HLS itself gets the playlist as the video's source, any other loads hls.js, only then. It starts
// on the sound-only rendition where the family chose a small connection (remembered on this device for this
// link, the same choice as the live player's) or where the browser says the network is slow or data is to be
// saved; one button switches. The sound file below plays with no script at all.

import { labelSwitch, loadHls, rememberSoundOnly, startsOnSoundOnly } from './broadcast-choice.js';

const root = document.getElementById('replay');
const data = root.dataset;
const video = document.getElementById('replay-player');
const state = document.getElementById('replay-state');
const toggle = document.getElementById('replay-switch');
const nativeHls = video.canPlayType('application/vnd.apple.mpegurl') !== '';

let audioOnly = startsOnSoundOnly(data.linkKey, data.audioOnly === 'true');
let hls = null;

function drawSwitch() {
  toggle.hidden = false;
  labelSwitch(toggle, audioOnly, data);
  root.classList.toggle('audio-only', audioOnly);
}

/** Loads the replay, from {@code at} seconds (after a switch), playing if it was. */
async function attach(at = 0, playing = false) {
  const source = audioOnly ? data.audio : data.master;
  if (hls) {
    hls.destroy();
    hls = null;
  }
  if (nativeHls) {
    video.src = source;
  } else {
    let Hls;
    try {
      Hls = await loadHls(data.hls);
    } catch {
      Hls = null;
    }
    if (!Hls || !Hls.isSupported()) {
      state.textContent = data.textUnsupported;
      return;
    }
    // No worker: the page's policy allows no blob: scripts, and one stream this size does not need it.
    hls = new Hls({ enableWorker: false, startPosition: at });
    hls.loadSource(source);
    hls.attachMedia(video);
  }
  if (at > 0) {
    video.addEventListener('loadedmetadata', () => { video.currentTime = at; }, { once: true });
  }
  if (playing) {
    video.play().catch(() => {});
  }
}

toggle.addEventListener('click', () => {
  const at = video.currentTime || 0;
  const playing = !video.paused;
  audioOnly = !audioOnly;
  rememberSoundOnly(data.linkKey, audioOnly);
  drawSwitch();
  attach(at, playing);
});

// The class heard once: starting the replay or the sound file pauses the other.
const sound = document.getElementById('replay-audio');
if (sound) {
  video.addEventListener('play', () => sound.pause());
  sound.addEventListener('play', () => video.pause());
}

drawSwitch();
attach();
