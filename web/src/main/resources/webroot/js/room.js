// A built-in room: every browser connects to every other one (a mesh: small groups, 1:1 help calls),
// with the hub carrying their signalling over the event-bus bridge. Each pair uses WebRTC's "perfect
// negotiation": both may offer at any time; the polite one yields when offers cross. A connection that
// fails restarts ICE; a dropped bridge socket reconnects by itself.
import { Bridge, ticketFrom } from './bridge.js';

const room = document.getElementById('room');
const data = room.dataset;
const videos = document.getElementById('videos');
const status = document.getElementById('room-status');
const micButton = document.getElementById('mic');
const cameraButton = document.getElementById('camera');
const leaveButton = document.getElementById('leave');
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
};

const NEGOTIATION_WATCHDOG_MS = 5000;
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
let audioOn = true;
let videoOn = data.audioOnly !== 'true';
let iceServers = JSON.parse(data.iceServers || '[]');

const say = (text, warning = false) => {
  status.textContent = text;
  status.classList.toggle('notice', warning);
};
const peerAddress = (peerId) => `relais.room.${roomId}.peer.${peerId}`;
const rosterAddress = () => `relais.room.${roomId}.roster`;

/** Camera and microphone if allowed; the microphone alone, or nothing, if not: the class goes on. */
async function openDevices() {
  const video = videoOn ? { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { max: 24 } } : false;
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
  const caption = document.createElement('figcaption');
  caption.textContent = name;
  figure.append(video, caption);
  videos.append(figure);
  return { figure, video, caption };
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
  const pc = new RTCPeerConnection({ iceServers });
  const view = tile(peer.id, peer.name, false);
  const state = {
    pc, view, name: peer.name, polite: me > peer.id, makingOffer: false, ignoreOffer: false, early: [], sentCandidates: 0,
    tracks: false,
  };
  peers.set(peer.id, state);
  pc.ontrack = ({ streams }) => {
    if (view.video.srcObject !== streams[0]) {
      view.video.srcObject = streams[0];
    }
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
  pc.onconnectionstatechange = () => {
    view.figure.dataset.state = pc.connectionState;
    if (pc.connectionState === 'failed') {
      pc.restartIce();
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

function attachTracks(state) {
  if (state.tracks) {
    return;
  }
  state.tracks = true;
  for (const track of local.getTracks()) {
    state.pc.addTrack(track, local);
  }
  if (local.getVideoTracks().length === 0) {
    state.pc.addTransceiver('video', { direction: 'recvonly' });
  }
  if (local.getAudioTracks().length === 0) {
    state.pc.addTransceiver('audio', { direction: 'recvonly' });
  }
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
    state.pc.close();
    state.view.figure.remove();
    peers.delete(peerId);
  }
}

function onRoster(message) {
  note(`roster ${message.type}`);
  if (message.type === 'joined') {
    connect(message.peer, false);
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
  } else {
    signal(message);
  }
}

function shareMuteState() {
  bridge.publish(rosterAddress(), { type: 'mute', audio: audioOn, video: videoOn });
  micButton.textContent = audioOn ? texts.micOff : texts.micOn;
  micButton.setAttribute('aria-pressed', String(!audioOn));
  cameraButton.textContent = videoOn ? texts.cameraOff : texts.cameraOn;
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

leaveButton.addEventListener('click', () => {
  for (const peerId of peers.keys()) {
    bridge.send(peerAddress(peerId), { type: 'bye' });
    drop(peerId);
  }
  bridge.close();
  local.getTracks().forEach((track) => track.stop());
  room.hidden = true;
  document.getElementById('controls').hidden = true;
  document.getElementById('left').hidden = false;
  room.dispatchEvent(new CustomEvent('relais:left'));
});

async function start() {
  say(texts.connecting);
  local = await openDevices();
  const mine = tile('me', `${data.name} ${texts.me}`, true);
  mine.figure.classList.add('me');
  mine.video.srcObject = local;
  // No button for a device the page could not open: it would only confuse.
  cameraButton.hidden = local.getVideoTracks().length === 0;
  micButton.hidden = local.getAudioTracks().length === 0;
  bridge = new Bridge(async () => {
    const ticket = await ticketFrom(data.ticketUrl, data.ticketBearer);
    me = ticket.peerId;
    roomId = ticket.room;
    iceServers = ticket.iceServers ?? iceServers;
    return ticket.url;
  }, {
    onOpen: () => {
      bridge.register(rosterAddress(), onRoster);
      bridge.register(peerAddress(me), onPeer);
      shareMuteState();
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
      local.getTracks().forEach((track) => track.stop());
      room.dispatchEvent(new CustomEvent('relais:closed', { detail: reason }));
    },
  }).start();
  window.relaisRoom = { peers, bridge: () => bridge, journal };
}

start();
