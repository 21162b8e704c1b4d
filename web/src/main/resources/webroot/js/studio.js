// The instructor's studio, on the console of a broadcast class: camera and microphone (or the screen, for a
// digital-skills class) with a preview and a level meter, then "Passer à l'antenne": the sitting is started if
// it is not yet, the hub hands out a single-use ingest ticket, and the browser's MediaRecorder sends WebM chunks
// over a WebSocket, which the hub turns into the live stream. A dropped socket is opened again with a fresh
// ticket (the hub resumes the stream after a short gap); the hub says when the stream is on air. The RTMP
// address and stream key are shown for an instructor who broadcasts from OBS Studio instead.

const MIME = 'video/webm;codecs=vp8,opus';
const TIMESLICE_MS = 500;
const MAX_MESSAGE = 64 * 1024;
/** The hub's close code for a stream it will not take: no point in reconnecting. */
const REFUSED = 4400;
/** Why the hub stops taking a stream when the sitting is simply over: off air, not a failure. */
const OVER = new Set(['stopped', 'ended']);
const FIGURES_EVERY_MS = 5000;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 15000;

const $ = (id) => document.getElementById(id);

export class Studio {
  /**
   * @param {string} sessionId
   * @param {(method: string, path: string) => Promise<any>} api  the staff API, with the browser's session
   * @param {() => ({date: string, state: string} | null)} sitting  the sitting the console shows
   */
  constructor(sessionId, api, sitting) {
    this.sessionId = sessionId;
    this.api = api;
    this.sitting = sitting;
    this.root = $('studio');
    this.texts = this.root.dataset;
    this.camera = null;
    this.screen = null;
    this.socket = null;
    this.recorder = null;
    this.onAir = false;
    this.attempt = 0;
    this.audio = null;
    this.restarting = false;
    this.unsupported = false;
    this.lastGap = null;
    this.gapBefore = null;
    this.liveElsewhere = false;
    this.over = false;
  }

  /** Shows the studio for a broadcast class; does nothing for any other. */
  async show(session) {
    if (session.videoMode !== 'BROADCAST') {
      return;
    }
    this.root.hidden = false;
    const supported = typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(MIME)
      && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
    this.unsupported = !supported;
    if (!supported) {
      this.say(this.texts.textUnsupported, 'error');
      $('studio-devices').disabled = true;
      $('studio-air').disabled = true;
    }
    $('studio-screen').hidden = !(session.category === 'DIGITAL_SKILLS' && navigator.mediaDevices
      && navigator.mediaDevices.getDisplayMedia);
    $('studio-devices').addEventListener('click', () => this.openDevices().catch(() => {}));
    $('studio-screen').addEventListener('click', () => this.toggleScreen());
    $('studio-air').addEventListener('click', () => this.goLive());
    $('studio-stop').addEventListener('click', () => this.stop());
    this.followFigures();
  }

  say(text, kind = 'off') {
    const state = $('studio-state');
    state.textContent = text;
    state.dataset.kind = kind;
  }

  async openDevices() {
    if (this.camera) {
      return this.camera;
    }
    try {
      this.camera = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true },
        video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30, max: 30 } },
      });
    } catch (failure) {
      this.say(this.texts.textDevicesRefused, 'error');
      throw failure;
    }
    $('studio-devices').hidden = true;
    this.preview();
    this.meter(this.camera);
    return this.camera;
  }

  /** What goes on air: the screen's picture while it is shared, else the camera's; always the microphone. */
  outgoing() {
    const picture = this.screen ? this.screen.getVideoTracks() : this.camera.getVideoTracks();
    return new MediaStream([...picture, ...this.camera.getAudioTracks()]);
  }

  preview() {
    const preview = $('studio-preview');
    preview.srcObject = new MediaStream(this.screen ? this.screen.getVideoTracks() : this.camera.getVideoTracks());
    preview.play().catch(() => {});
  }

  /** The microphone's level, as the meter shows it: the loudness of the last few milliseconds. */
  meter(stream) {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context || stream.getAudioTracks().length === 0) {
      return;
    }
    this.audio = new Context();
    const analyser = this.audio.createAnalyser();
    analyser.fftSize = 1024;
    this.audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const meter = $('studio-level');
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) {
        sum += sample * sample;
      }
      // RMS on a rough decibel scale, -60 dB to 0 dB onto 0..1: speech sits in the middle.
      const db = 20 * Math.log10(Math.sqrt(sum / samples.length) || 1e-6);
      meter.value = Math.max(0, Math.min(1, (db + 60) / 60));
      meter.dataset.level = meter.value.toFixed(2);
      setTimeout(tick, 100);
    };
    this.audio.resume().catch(() => {});
    tick();
  }

  async toggleScreen() {
    const button = $('studio-screen');
    if (this.screen) {
      this.screen.getTracks().forEach((track) => track.stop());
      this.screen = null;
    } else {
      try {
        await this.openDevices();
        this.screen = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { max: 15 } } });
        this.screen.getVideoTracks()[0].addEventListener('ended', () => {
          if (this.screen) {
            this.toggleScreen();
          }
        });
      } catch {
        this.say(this.texts.textScreenRefused, 'error');
        return;
      }
    }
    button.textContent = this.screen ? this.texts.textScreenStop : this.texts.textScreen;
    button.setAttribute('aria-pressed', String(Boolean(this.screen)));
    this.preview();
    // A recorder keeps the tracks it started with: a new picture goes out on a new connection.
    if (this.onAir) {
      this.reconnect();
    }
  }

  async goLive() {
    const air = $('studio-air');
    air.disabled = true;
    try {
      await this.openDevices();
      const sitting = this.sitting();
      if (sitting && sitting.state !== 'LIVE') {
        await this.api('POST', `/sessions/${this.sessionId}/sittings/${sitting.date}/start`);
      }
      this.onAir = true;
      air.hidden = true;
      $('studio-stop').hidden = false;
      await this.connect();
    } catch {
      if (!this.onAir) {
        this.say(this.texts.textFailed, 'error');
      }
    } finally {
      air.disabled = false;
    }
  }

  async connect() {
    if (!this.onAir) {
      return;
    }
    this.say(this.texts.textConnecting, 'connecting');
    let ingest;
    try {
      ingest = await this.api('POST', `/sessions/${this.sessionId}/broadcast/ingest`);
    } catch (failure) {
      if (failure.status === 403 || failure.status === 409) {
        this.stop();
        this.say(this.texts.textFailed, 'error');
        return;
      }
      this.retry();
      return;
    }
    this.showRtmp(ingest.rtmp);
    // The page's own origin, whatever address the hub calls itself: the socket's Origin must match it.
    const given = new URL(ingest.url, window.location.href);
    const url = new URL(given.pathname + given.search, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => this.record(socket);
    socket.onmessage = (event) => this.heard(event.data);
    socket.onclose = (event) => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      this.stopRecorder();
      if (event.code === REFUSED) {
        // The hub will not take this stream (the sitting is over, or the stream is unreadable): trying again
        // would fail the same way. The instructor sees why, and may go live again.
        const said = $('studio-state').textContent;
        this.stop();
        if (!OVER.has(event.reason)) {
          this.say(said, 'error');
        }
      } else if (this.onAir) {
        this.say(this.texts.textReconnecting, 'connecting');
        this.retry();
      }
    };
  }

  record(socket) {
    const recorder = new MediaRecorder(this.outgoing(), {
      mimeType: MIME, videoBitsPerSecond: 2_500_000, audioBitsPerSecond: 128_000,
    });
    recorder.ondataavailable = (event) => {
      // The hub takes messages of 64 KiB at most: a larger chunk goes in pieces, in order.
      for (let from = 0; from < event.data.size && socket.readyState === WebSocket.OPEN; from += MAX_MESSAGE) {
        socket.send(event.data.slice(from, from + MAX_MESSAGE));
      }
    };
    recorder.onerror = () => socket.close(1011, 'recorder');
    recorder.start(TIMESLICE_MS);
    this.recorder = recorder;
    this.say(this.texts.textReceiving, 'connecting');
  }

  heard(frame) {
    let message;
    try {
      message = JSON.parse(frame);
    } catch {
      return;
    }
    if (message.type === 'receiving') {
      this.say(this.texts.textReceiving, 'connecting');
    } else if (message.type === 'onAir') {
      this.attempt = 0;
      this.restarting = false;
      this.say(this.texts.textLive, 'live');
    } else if (message.type === 'restarting') {
      // The hub says nothing more once back on air: its figures tell, by a new measure of the gap.
      this.restarting = true;
      this.gapBefore = this.lastGap;
      this.say(this.texts.textRestarting, 'connecting');
    } else if (message.type === 'error' && message.reason === 'replaced') {
      this.say(this.texts.textReplaced, 'error');
    } else if (message.type === 'error' && !OVER.has(message.reason)) {
      this.say(this.texts.textError.replace('{reason}', message.reason || '?'), 'error');
    }
  }

  retry() {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    this.attempt += 1;
    setTimeout(() => this.connect(), ceiling / 2 + Math.random() * ceiling / 2);
  }

  reconnect() {
    const socket = this.socket;
    this.socket = null;
    this.stopRecorder();
    socket?.close(1000, 'new picture');
    this.connect();
  }

  stopRecorder() {
    if (this.recorder && this.recorder.state !== 'inactive') {
      this.recorder.ondataavailable = null;
      this.recorder.stop();
    }
    this.recorder = null;
  }

  /** Off air: the sitting goes on (the console's "Terminer" ends it); going live again resumes the stream. */
  stop() {
    this.onAir = false;
    const socket = this.socket;
    this.socket = null;
    this.stopRecorder();
    socket?.close(1000, 'off air');
    $('studio-stop').hidden = true;
    $('studio-air').hidden = false;
    this.say(this.texts.textOff, 'off');
  }

  /** The sitting the console shows changed: once it is over, nothing goes on air, and the camera is let go. */
  sittingShown(sitting) {
    const over = Boolean(sitting) && ['ENDED', 'CANCELLED'].includes(sitting.state);
    this.over = over;
    if (over && this.onAir) {
      this.stop();
    }
    // Nothing more to watch nor to send: no viewers, no stream key left on the screen.
    if (over) {
      this.showElsewhere(false);
      $('studio-viewers').textContent = '0';
    }
    this.root.querySelector('.studio-obs').hidden = over;
    $('studio-air').disabled = over || this.unsupported;
    $('studio-devices').disabled = over || this.unsupported;
    if (over) {
      [this.camera, this.screen].forEach((stream) => stream?.getTracks().forEach((track) => track.stop()));
      this.camera = null;
      this.screen = null;
      this.say(this.texts.textOver, 'off');
    }
  }

  /**
   * Another device or OBS Studio is on air for this sitting: this studio says so, and going live here is offered
   * as taking the broadcast over, not as starting it.
   */
  showElsewhere(elsewhere) {
    if (elsewhere === this.liveElsewhere) {
      return;
    }
    this.liveElsewhere = elsewhere;
    $('studio-air').textContent = elsewhere ? this.texts.textTakeOver : this.texts.textGoLive;
    if (elsewhere) {
      this.say(this.texts.textElsewhere, 'elsewhere');
    } else if (!this.onAir && !this.over) {
      this.say(this.texts.textOff, 'off');
    }
  }

  showRtmp(rtmp) {
    if (!rtmp || !rtmp.url) {
      return;
    }
    $('obs-url').value = rtmp.url;
    $('obs-key').value = rtmp.key;
    $('obs-fields').hidden = false;
    $('obs-none').hidden = true;
  }

  /** Viewers and the OBS address, as the hub counts them, every few seconds while the page is open. */
  followFigures() {
    const look = async () => {
      try {
        const figures = await this.api('GET', `/sessions/${this.sessionId}/broadcast`);
        if (!this.over) {
          $('studio-viewers').textContent = String(figures.viewers ?? 0);
          this.showRtmp(figures.rtmp);
          this.showElsewhere(Boolean(figures.live) && !this.onAir);
        }
        this.lastGap = figures.lastRestartGapMs ?? null;
        if (this.restarting && this.onAir && this.lastGap !== null && this.lastGap !== this.gapBefore) {
          this.restarting = false;
          this.say(this.texts.textLive, 'live');
        }
      } catch {
        // No sitting on yet, or the hub is away for a moment: the figures come back with it.
      }
      setTimeout(look, FIGURES_EVERY_MS);
    };
    look();
  }
}
