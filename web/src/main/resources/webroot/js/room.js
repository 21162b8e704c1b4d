// A built-in room: every browser connects to every other one (a mesh: small groups, 1:1 help calls),
// with the hub carrying their signalling over the event-bus bridge. Each pair uses WebRTC's "perfect
// negotiation": both may offer at any time; the polite one yields when offers cross. A connection that
// fails restarts ICE; a dropped bridge socket reconnects by itself.
//
// Shaped like a class: the instructor is the large video, everyone else a thumbnail (or nobody, when the
// instructor hides the families), oneself small. Each sender is capped to what its receivers show, and a
// receiver that does not show a video says so in its session description, so the video is not sent at
// all. A data channel beside the media carries what the hub need not know: which stream is a shared
// screen, and whether the instructor shows the families.
import { Bridge, ticketFrom } from './bridge.js';

const room = document.getElementById('room');
const data = room.dataset;
const stage = document.getElementById('stage');
const strip = document.getElementById('strip');
const status = document.getElementById('room-status');
const micButton = document.getElementById('mic');
const cameraButton = document.getElementById('camera');
const shareButton = document.getElementById('share');
const thumbnailsButton = document.getElementById('thumbnails');
const leaveButton = document.getElementById('leave');
const connectionChoice = document.getElementById('connection-choice');
const connectionSelect = document.getElementById('connection');
const texts = {
  connecting: data.textConnecting,
  connected: data.textConnected,
  reconnecting: data.textReconnecting,
  replaced: data.textReplaced,
  closed: data.textClosed,
  full: data.textFull,
  cameraRefused: data.textCameraRefused,
  devicesRefused: data.textDevicesRefused,
  micOff: data.textMicOff,
  micOn: data.textMicOn,
  cameraOff: data.textCameraOff,
  cameraOn: data.textCameraOn,
  me: data.textMe,
  screenRoom: data.textScreenRoom,
  instructor: data.textInstructor,
  share: data.textShare,
  shareStop: data.textShareStop,
  shareRefused: data.textShareRefused,
  sharedScreen: data.textSharedScreen,
  thumbnailsHide: data.textThumbnailsHide,
  thumbnailsShow: data.textThumbnailsShow,
  atHome: data.textAtHome,
};

const INSTRUCTOR = 'INSTRUCTOR';
const SCREEN = 'SITE_SCREEN';
/** A class has roles; a help call (one family, one animator) has none and no choices to make. */
const inClass = Boolean(data.role);
const myRole = data.role || 'PARTICIPANT';
const television = data.television === 'true';
const teaching = myRole === INSTRUCTOR;
/** Who sees every family whatever the choices: whoever runs the class. */
const seesEveryone = teaching || myRole === 'ANIMATOR';

/** What one sender may use, per video it sends: bits per second, frames per second, width at most. */
const CAPS = {
  thumbnail: { maxBitrate: 150_000, maxFramerate: 15, width: 320 },
  instructor: { maxBitrate: 800_000, maxFramerate: 30, width: 1280 },
  // While the instructor shares a screen, the camera shrinks to an inset and the screen takes the rest.
  screen: { maxBitrate: 650_000, maxFramerate: 5, width: 1920 },
};
const NEGOTIATION_WATCHDOG_MS = 5000;
/**
 * How long a connection may stay disconnected before it looks for new paths: a phone that changed networks, or a
 * machine too busy to answer its checks, may not come back by itself before the browser calls it failed, half a
 * minute later.
 */
const DISCONNECTED_GRACE_MS = 4000;
const CONNECTION_KEY = `relais.connection.${data.linkKey || 'help'}`;
const peers = new Map();
/** The last signalling steps, for whoever has to find out why a connection did not come up. */
const journal = [];
const note = (entry) => {
  journal.push(`${new Date().toISOString().slice(11, 23)} ${entry}`);
  if (journal.length > 100) journal.shift();
};
let me = null;
let roomId = null;
let bridge = null;
let local = null;
let mine = null;
let audioOn = true;
let iceServers = JSON.parse(data.iceServers || '[]');
/** "all", or "relay" where the hub wants every call through its TURN server. */
let iceTransportPolicy = data.iceTransportPolicy || 'all';
/** "full", "instructor" (receive the instructor's video only) or "audio" (no video either way). */
let connection = initialConnection();
let videoOn = data.audioOnly !== 'true' && connection !== 'audio';
/** The instructor's choice, heard over the data channels: families see each other or not. */
let thumbnailsShown = true;
/** The instructor's shared screen: one stream kept for the whole visit, so its id stays the same. */
const screen = new MediaStream();

const say = (text, warning = false) => {
  status.textContent = text;
  status.classList.toggle('notice', warning);
};
const peerAddress = (peerId) => `relais.room.${roomId}.peer.${peerId}`;
const rosterAddress = () => `relais.room.${roomId}.roster`;

/** A stored value, or null where the browser keeps none (storage turned off, a private window). */
function stored(storageName, key, value) {
  try {
    const storage = window[storageName];
    return value === undefined ? storage.getItem(key) : storage.setItem(key, value);
  } catch {
    return null;
  }
}

/** The link's remembered choice; on a slow network (where the browser says so) a small connection. */
function initialConnection() {
  if (!inClass) {
    return 'full';
  }
  const remembered = stored('localStorage', CONNECTION_KEY);
  if (['full', 'instructor', 'audio'].includes(remembered)) {
    return remembered;
  }
  const network = navigator.connection;
  if (network && (network.saveData || /(^|-)2g$/.test(network.effectiveType))) {
    return 'audio';
  }
  return network && network.effectiveType === '3g' ? 'instructor' : 'full';
}

/** Camera and microphone if allowed; the microphone alone, or nothing, if not: the class goes on. */
async function openDevices() {
  const size = teaching ? { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { max: 30 } }
    : { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { max: 15 } };
  const video = videoOn ? size : false;
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: true, video });
  } catch (first) {
    if (video) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
        videoOn = false;
        say(texts.cameraRefused, true);
        return stream;
      } catch {
        // fall through
      }
    }
    audioOn = false;
    videoOn = false;
    say(texts.devicesRefused, true);
    return new MediaStream();
  }
}

function tile(id, name, muted) {
  const figure = document.createElement('figure');
  figure.className = 'tile';
  figure.dataset.peer = id;
  const video = document.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  video.muted = muted;
  const inset = document.createElement('video');
  inset.className = 'inset';
  inset.autoplay = true;
  inset.playsInline = true;
  inset.muted = true;
  inset.hidden = true;
  const caption = document.createElement('figcaption');
  caption.textContent = name;
  figure.append(video, inset, caption);
  strip.append(figure);
  return { figure, video, inset, caption };
}

function captionOf(peer) {
  if (peer.role === SCREEN) {
    return `${texts.screenRoom} — ${peer.name}`;
  }
  return peer.role === INSTRUCTOR ? `${peer.name} (${texts.instructor})` : peer.name;
}

/** Does this page show {@code state}'s video? If not, the peer is asked not to send it. */
function wantsVideo(state) {
  if (connection === 'audio') {
    return false;
  }
  if (state.role === INSTRUCTOR || seesEveryone) {
    return true;
  }
  return !television && connection === 'full' && thumbnailsShown;
}

/**
 * Puts a peer's videos where they belong: the instructor on the stage (the shared screen large and the
 * camera as an inset while a screen is shared), the others in the strip, or out of sight.
 */
function place(state) {
  const { view } = state;
  const streams = [...state.streams.values()].filter((stream) => stream.getTracks().length > 0);
  const shared = state.screenId ? streams.find((stream) => stream.id === state.screenId) : undefined;
  const camera = streams.find((stream) => stream.id !== state.screenId);
  const large = shared ?? camera ?? null;
  if (view.video.srcObject !== large) {
    view.video.srcObject = large;
  }
  // The camera's sound plays from whichever element shows the camera; a shared screen has none.
  view.video.muted = large !== camera;
  const inset = shared && camera ? camera : null;
  if (view.inset.srcObject !== inset) {
    view.inset.srcObject = inset;
  }
  view.inset.muted = inset === null;
  view.inset.hidden = inset === null;
  view.figure.classList.toggle('sharing', Boolean(shared));
  view.caption.textContent = shared ? `${captionOf(state)} · ${texts.sharedScreen}` : captionOf(state);
  const onStage = state.role === INSTRUCTOR && !teaching;
  const parent = onStage ? stage : strip;
  if (view.figure.parentElement !== parent) {
    parent.append(view.figure);
  }
  view.figure.classList.toggle('main', onStage);
  view.figure.classList.toggle('audio-only', !wantsVideo(state));
  room.classList.toggle('has-stage', stage.childElementCount > 0);
}

/**
 * Connects to a peer. The newcomer (who learnt of the others from the room's snapshot) offers first;
 * a peer already in the room waits for that offer before adding its own tracks, so that two offers
 * rarely cross. Perfect negotiation handles the rest, and a watchdog starts what stalls.
 */
function connect(peer, offersFirst) {
  if (peers.has(peer.id) || peer.id === me) {
    return;
  }
  note(`connect ${peer.id} (${me > peer.id ? 'polite' : 'impolite'}, ${offersFirst ? 'offers' : 'waits'})`);
  const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy });
  const view = tile(peer.id, captionOf(peer), false);
  const state = {
    pc, view, name: peer.name, role: peer.role, polite: me > peer.id, makingOffer: false, ignoreOffer: false,
    early: [], sentCandidates: 0, tracks: false, streams: new Map(), screenId: null, channel: null,
    screenSender: null, stalled: null,
  };
  peers.set(peer.id, state);
  place(state);
  pc.ontrack = ({ track, streams }) => {
    const stream = streams[0] ?? new MediaStream([track]);
    state.streams.set(stream.id, stream);
    stream.onremovetrack = () => place(state);
    track.onunmute = () => place(state);
    place(state);
  };
  pc.onicecandidate = ({ candidate }) => {
    state.sentCandidates += 1;
    if (!candidate) {
      note(`${state.sentCandidates - 1} candidates to ${peer.id}`);
    }
    bridge.send(peerAddress(peer.id), {
      type: 'candidate',
      candidate: candidate ? candidate.candidate : '',
      sdpMid: candidate ? candidate.sdpMid : null,
      sdpMLineIndex: candidate ? candidate.sdpMLineIndex : null,
    });
  };
  pc.onnegotiationneeded = async () => {
    note(`negotiation needed with ${peer.id}`);
    try {
      state.makingOffer = true;
      await pc.setLocalDescription();
      const sent = bridge.send(peerAddress(peer.id), { type: pc.localDescription.type, sdp: pc.localDescription.sdp });
      note(`${pc.localDescription.type} to ${peer.id}${sent ? '' : ' NOT SENT'}`);
    } catch (failure) {
      console.warn('negotiation failed', failure);
    } finally {
      state.makingOffer = false;
    }
  };
  pc.onsignalingstatechange = () => {
    if (pc.signalingState === 'stable') {
      capSenders(state);
    }
  };
  pc.onconnectionstatechange = () => {
    view.figure.dataset.state = pc.connectionState;
    clearTimeout(state.stalled);
    if (pc.connectionState === 'failed') {
      pc.restartIce();
    } else if (pc.connectionState === 'disconnected') {
      state.stalled = setTimeout(() => {
        if (pc.connectionState === 'disconnected') {
          note(`restarting ICE with ${peer.id}: disconnected for ${DISCONNECTED_GRACE_MS} ms`);
          pc.restartIce();
        }
      }, DISCONNECTED_GRACE_MS);
    }
  };
  // Tracks last: every handler is in place before they make negotiation needed.
  if (offersFirst) {
    attachTracks(state);
  }
  // An offer lost while a socket reconnected leaves a connection that never starts: start it again.
  state.watchdog = setInterval(() => {
    if (pc.connectionState === 'new' && pc.signalingState === 'stable' && bridge.open) {
      note(`restarting negotiation with ${peer.id}`);
      if (state.tracks) {
        pc.restartIce();
      } else {
        attachTracks(state);
      }
    }
  }, NEGOTIATION_WATCHDOG_MS);
}

/**
 * Our media and the data channel join the connection: on the offering side before its first offer, on
 * the answering side once the offer came (its transceivers are then reused, not doubled). Both sides
 * agree on the channel's id beforehand, so it needs no negotiation of its own.
 */
function attachTracks(state) {
  if (state.tracks) {
    return;
  }
  state.tracks = true;
  const { pc } = state;
  for (const track of local.getTracks()) {
    pc.addTrack(track, local);
  }
  for (const kind of ['audio', 'video']) {
    if (!pc.getTransceivers().some((t) => (t.receiver.track?.kind ?? t.sender.track?.kind) === kind)) {
      pc.addTransceiver(kind, { direction: 'recvonly' });
    }
  }
  if (screen.getVideoTracks().length > 0) {
    sendScreen(state);
  }
  openChannel(state);
  chooseDirections(state);
}

function openChannel(state) {
  const channel = state.pc.createDataChannel('relais', { negotiated: true, id: 0 });
  state.channel = channel;
  channel.onopen = () => tell(state);
  channel.onmessage = ({ data: text }) => {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.type === 'screen') {
      state.screenId = typeof message.stream === 'string' ? message.stream : null;
      place(state);
    } else if (message.type === 'thumbnails' && state.role === INSTRUCTOR) {
      thumbnailsShown = message.shown === true;
      peers.forEach((other) => {
        chooseDirections(other);
        place(other);
      });
    }
  };
}

/** Tells a peer what it needs to know of us: our shared screen's stream and, from the instructor, the layout. */
function tell(state) {
  if (state.channel?.readyState !== 'open') {
    return;
  }
  state.channel.send(JSON.stringify({ type: 'screen', stream: screen.getVideoTracks().length ? screen.id : null }));
  if (teaching) {
    state.channel.send(JSON.stringify({ type: 'thumbnails', shown: thumbnailsShown }));
  }
}

/**
 * Sets each video transceiver's direction from what we send and what we want to see: a video nobody
 * shows is then not sent at all. A change makes negotiation needed, which perfect negotiation handles.
 */
function chooseDirections(state) {
  if (!state.tracks) {
    return;
  }
  const want = wantsVideo(state);
  for (const transceiver of state.pc.getTransceivers()) {
    if (transceiver.stopped || transceiver.receiver.track.kind !== 'video') {
      continue;
    }
    let direction;
    if (transceiver.sender === state.screenSender) {
      direction = screen.getVideoTracks().length ? 'sendonly' : 'inactive';
    } else {
      // Sound only: not even a switched-off camera's black frames go out.
      const sending = transceiver.sender.track !== null && connection !== 'audio';
      direction = sending ? (want ? 'sendrecv' : 'sendonly') : (want ? 'recvonly' : 'inactive');
    }
    if (transceiver.direction !== direction) {
      transceiver.direction = direction;
    }
  }
}

/** Caps every video we send to this peer: thumbnails small, the instructor larger, a shared screen sharp but slow. */
async function capSenders(state) {
  for (const sender of state.pc.getSenders()) {
    const track = sender.track;
    if (!track || track.kind !== 'video') {
      continue;
    }
    let cap;
    if (track === screen.getVideoTracks()[0]) {
      cap = CAPS.screen;
    } else {
      cap = teaching && screen.getVideoTracks().length === 0 ? CAPS.instructor : CAPS.thumbnail;
    }
    const parameters = sender.getParameters();
    if (!parameters.encodings || parameters.encodings.length === 0) {
      continue;
    }
    const width = track.getSettings().width || cap.width;
    const encoding = parameters.encodings[0];
    if (encoding.maxBitrate === cap.maxBitrate && encoding.maxFramerate === cap.maxFramerate) {
      continue;
    }
    encoding.maxBitrate = cap.maxBitrate;
    encoding.maxFramerate = cap.maxFramerate;
    encoding.scaleResolutionDownBy = Math.max(1, width / cap.width);
    if (track === screen.getVideoTracks()[0]) {
      // Text must stay readable: fewer frames rather than fewer pixels.
      parameters.degradationPreference = 'maintain-resolution';
    }
    try {
      await sender.setParameters(parameters);
    } catch (failure) {
      note(`cap refused: ${failure.message}`);
    }
  }
}

function sendScreen(state) {
  const [track] = screen.getVideoTracks();
  if (state.screenSender) {
    state.screenSender.replaceTrack(track);
  } else {
    state.screenSender = state.pc.addTrack(track, screen);
  }
  chooseDirections(state);
  capSenders(state);
}

/**
 * Shares a screen or a window as a second video beside the camera: the families see the screen large
 * and the instructor's face as an inset. Text stays readable: full width, few frames per second.
 */
async function startSharing() {
  let captured;
  try {
    captured = await navigator.mediaDevices.getDisplayMedia({
      video: { width: { ideal: 1920, max: 1920 }, height: { ideal: 1080, max: 1080 }, frameRate: { ideal: 5, max: 5 } },
      audio: false,
    });
  } catch (failure) {
    if (failure.name !== 'NotAllowedError') {
      say(texts.shareRefused, true);
    }
    return;
  }
  const [track] = captured.getVideoTracks();
  track.contentHint = 'text';
  // Stopped from the browser's own bar: the class goes back to the camera.
  track.addEventListener('ended', stopSharing);
  screen.addTrack(track);
  peers.forEach((state) => {
    if (state.tracks) {
      sendScreen(state);
      tell(state);
    }
  });
  peers.forEach(capSenders);
  showSharing();
}

function stopSharing() {
  const tracks = screen.getVideoTracks();
  if (tracks.length === 0) {
    return;
  }
  tracks.forEach((track) => {
    track.stop();
    screen.removeTrack(track);
  });
  peers.forEach((state) => {
    if (state.screenSender) {
      state.screenSender.replaceTrack(null);
      chooseDirections(state);
    }
    tell(state);
    capSenders(state);
  });
  showSharing();
}

function showSharing() {
  const sharing = screen.getVideoTracks().length > 0;
  setLabel(shareButton, sharing ? texts.shareStop : texts.share);
  shareButton.setAttribute('aria-pressed', String(sharing));
  mine.figure.classList.toggle('sharing', sharing);
  mine.inset.srcObject = sharing ? screen : null;
  mine.inset.hidden = !sharing;
}

async function signal(message) {
  const state = peers.get(message.from);
  if (message.type !== 'candidate') {
    note(`${message.type} from ${message.from}${state ? '' : ' (unknown peer)'}`);
  }
  if (!state) {
    return;
  }
  const { pc } = state;
  try {
    if (message.type === 'offer' || message.type === 'answer') {
      const collision = message.type === 'offer' && (state.makingOffer || pc.signalingState !== 'stable');
      state.ignoreOffer = !state.polite && collision;
      if (state.ignoreOffer) {
        return;
      }
      await pc.setRemoteDescription({ type: message.type, sdp: message.sdp });
      if (message.type === 'offer') {
        // Our tracks join the transceivers the offer made: the answer sends them too.
        attachTracks(state);
        chooseDirections(state);
      }
      // Candidates that came before their description: they count now.
      for (const early of state.early.splice(0)) {
        await addCandidate(state, early);
      }
      if (message.type === 'offer') {
        await pc.setLocalDescription();
        bridge.send(peerAddress(message.from), { type: pc.localDescription.type, sdp: pc.localDescription.sdp });
      }
    } else if (message.type === 'candidate') {
      if (pc.remoteDescription) {
        await addCandidate(state, message);
      } else {
        state.early.push(message);
      }
    } else if (message.type === 'bye') {
      drop(message.from);
    }
  } catch (failure) {
    console.warn('signalling failed', failure);
  }
}

async function addCandidate(state, message) {
  try {
    await state.pc.addIceCandidate(message.candidate === '' ? null
      : { candidate: message.candidate, sdpMid: message.sdpMid, sdpMLineIndex: message.sdpMLineIndex });
  } catch (failure) {
    if (!state.ignoreOffer) {
      note(`candidate refused: ${failure.message}`);
    }
  }
}

function drop(peerId) {
  const state = peers.get(peerId);
  if (state) {
    clearInterval(state.watchdog);
    clearTimeout(state.stalled);
    state.pc.close();
    state.view.figure.remove();
    peers.delete(peerId);
    room.classList.toggle('has-stage', stage.childElementCount > 0);
    countHome();
  }
}

/** On the room's screen: how many families follow from home, beside the room's own name and head count. */
function countHome() {
  const home = document.getElementById('tv-home');
  if (home) {
    const families = [...peers.values()].filter((state) => state.role === 'PARTICIPANT').length;
    home.textContent = `· ${families} ${texts.atHome}`;
  }
}

function onRoster(message) {
  note(`roster ${message.type}`);
  if (message.type === 'joined') {
    connect(message.peer, false);
    countHome();
  } else if (message.type === 'left') {
    drop(message.peerId);
  } else if (message.type === 'mute') {
    const state = peers.get(message.from);
    if (state) {
      state.view.figure.dataset.audio = message.audio;
      state.view.figure.dataset.video = message.video;
    }
  }
}

function onPeer(message) {
  if (message.type === 'roster') {
    note(`snapshot of ${message.peers.length}`);
    // After a reconnection: forget whoever left meanwhile, connect to whoever came.
    const present = new Set(message.peers.map((peer) => peer.id));
    for (const peerId of [...peers.keys()]) {
      if (!present.has(peerId)) {
        drop(peerId);
      }
    }
    for (const peer of message.peers) {
      connect(peer, true);
    }
    countHome();
    // Only now: the others heard this peer join before they hear its microphone and camera.
    shareMuteState();
  } else {
    signal(message);
  }
}

// A control's text changes beside its pictogram, which stays.
function setLabel(button, text) {
  (button.querySelector('.label') ?? button).textContent = text;
}

function shareMuteState() {
  bridge.publish(rosterAddress(), { type: 'mute', audio: audioOn, video: videoOn });
  setLabel(micButton, audioOn ? texts.micOff : texts.micOn);
  micButton.setAttribute('aria-pressed', String(!audioOn));
  setLabel(cameraButton, videoOn ? texts.cameraOff : texts.cameraOn);
  cameraButton.setAttribute('aria-pressed', String(!videoOn));
}

micButton.addEventListener('click', () => {
  audioOn = !audioOn;
  local.getAudioTracks().forEach((track) => { track.enabled = audioOn; });
  shareMuteState();
});

cameraButton.addEventListener('click', () => {
  videoOn = !videoOn;
  local.getVideoTracks().forEach((track) => { track.enabled = videoOn; });
  shareMuteState();
});

shareButton.addEventListener('click', () => {
  if (screen.getVideoTracks().length > 0) {
    stopSharing();
  } else {
    startSharing();
  }
});

thumbnailsButton.addEventListener('click', () => {
  thumbnailsShown = !thumbnailsShown;
  setLabel(thumbnailsButton, thumbnailsShown ? texts.thumbnailsHide : texts.thumbnailsShow);
  thumbnailsButton.setAttribute('aria-pressed', String(!thumbnailsShown));
  peers.forEach(tell);
});

connectionSelect.addEventListener('change', () => {
  connection = connectionSelect.value;
  stored('localStorage', CONNECTION_KEY, connection);
  // Sound only sends no video either; back from it, the camera comes back on the next visit.
  if (connection === 'audio' && videoOn) {
    cameraButton.click();
  }
  peers.forEach((state) => {
    chooseDirections(state);
    place(state);
  });
});

leaveButton.addEventListener('click', () => {
  for (const peerId of peers.keys()) {
    bridge.send(peerAddress(peerId), { type: 'bye' });
    drop(peerId);
  }
  bridge.close();
  stopSharing();
  local.getTracks().forEach((track) => track.stop());
  room.hidden = true;
  document.getElementById('controls').hidden = true;
  connectionChoice.hidden = true;
  document.getElementById('left').hidden = false;
  room.dispatchEvent(new CustomEvent('relais:left'));
});

/** The room's screen must not go to sleep in the middle of a class; the lock goes when the tab is hidden. */
async function keepAwake() {
  if (!navigator.wakeLock || document.visibilityState !== 'visible') {
    return;
  }
  try {
    await navigator.wakeLock.request('screen');
  } catch (failure) {
    note(`no wake lock: ${failure.message}`);
  }
}

/** The room's screen never gives up: whatever ended its room, it tries again later, a minute apart at most. */
function comeBackLater(reason) {
  if (reason === 'replaced') {
    return;
  }
  const attempt = Number(stored('sessionStorage', 'relais.screen.attempt') || 0);
  stored('sessionStorage', 'relais.screen.attempt', String(attempt + 1));
  setTimeout(() => window.location.reload(), Math.min(60_000, 2000 * 2 ** attempt) * (0.5 + Math.random() / 2));
}

function showControls() {
  leaveButton.hidden = television;
  micButton.hidden = television || local.getAudioTracks().length === 0;
  // No button for a device the page could not open: it would only confuse.
  cameraButton.hidden = television || local.getVideoTracks().length === 0;
  shareButton.hidden = !teaching || !navigator.mediaDevices.getDisplayMedia;
  thumbnailsButton.hidden = !teaching;
  connectionSelect.value = connection;
  connectionChoice.hidden = !inClass || television || seesEveryone;
}

async function start() {
  say(texts.connecting);
  if (television) {
    keepAwake();
    document.addEventListener('visibilitychange', keepAwake);
  }
  local = await openDevices();
  mine = tile('me', `${data.name} ${texts.me}`, true);
  mine.figure.classList.add('me');
  mine.video.srcObject = local;
  showControls();
  bridge = new Bridge(async () => {
    const ticket = await ticketFrom(data.ticketUrl, data.ticketBearer, data.ticketCsrf);
    me = ticket.peerId;
    roomId = ticket.room;
    iceServers = ticket.iceServers ?? iceServers;
    iceTransportPolicy = ticket.iceTransportPolicy ?? iceTransportPolicy;
    return ticket.url;
  }, {
    onOpen: () => {
      bridge.register(rosterAddress(), onRoster);
      bridge.register(peerAddress(me), onPeer);
      if (television) {
        stored('sessionStorage', 'relais.screen.attempt', '0');
      }
      if (!status.classList.contains('notice')) {
        say(texts.connected);
      }
    },
    onDown: () => say(texts.reconnecting),
    onFinal: (reason) => {
      const finalTexts = { replaced: texts.replaced, room_full: texts.full };
      say(finalTexts[reason] ?? texts.closed, true);
      for (const peerId of [...peers.keys()]) {
        drop(peerId);
      }
      // Nobody is on the other end any more: the camera's light goes off.
      stopSharing();
      local.getTracks().forEach((track) => track.stop());
      room.dispatchEvent(new CustomEvent('relais:closed', { detail: reason }));
      if (television) {
        comeBackLater(reason);
      }
    },
  }).start();
  window.relaisRoom = { peers, bridge: () => bridge, journal, screen };
}

start();
