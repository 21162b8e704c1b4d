// A client of the hub's event-bus bridge over a native WebSocket, speaking the bridge's JSON frames
// (send, publish, register, ping out; rec and err in). The socket is opened with a single-use ticket
// fetched anew for every connection, so the join token never appears in a WebSocket URL. When the
// socket drops, it reconnects with exponential backoff and full jitter and registers its handlers
// again, which the bridge forgets with the socket.

const PING_EVERY_MS = 10_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 15_000;
/** Refusals after which reconnecting is pointless: the link no longer opens this room here. */
const FINAL_ERRORS = new Set(['replaced', 'link_closed', 'room_closed']);

export class Bridge {
  /**
   * @param {() => Promise<string>} ticketUrl  gives the URL of a fresh socket (with its ticket)
   * @param {{onOpen?: Function, onDown?: Function, onError?: Function, onFinal?: Function}} events
   */
  constructor(ticketUrl, events = {}) {
    this.ticketUrl = ticketUrl;
    this.events = events;
    this.handlers = new Map();
    this.attempt = 0;
    this.stopped = false;
    this.socket = null;
    this.pinger = null;
  }

  start() {
    this.stopped = false;
    this.#connect();
    return this;
  }

  /** Listens on an address; kept across reconnections (and registered again after each). */
  register(address, handler) {
    const known = this.handlers.has(address);
    this.handlers.set(address, handler);
    if (!known) {
      this.#write({ type: 'register', address });
    }
  }

  send(address, body) {
    return this.#write({ type: 'send', address, body });
  }

  publish(address, body) {
    return this.#write({ type: 'publish', address, body });
  }

  get open() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  close() {
    this.stopped = true;
    clearInterval(this.pinger);
    if (this.socket) {
      this.socket.close(1000, 'bye');
    }
  }

  async #connect() {
    let url;
    try {
      url = await this.ticketUrl();
    } catch (failure) {
      if (failure && failure.final) {
        this.#final(failure.message);
        return;
      }
      this.#retry();
      return;
    }
    if (this.stopped) {
      return;
    }
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      for (const address of this.handlers.keys()) {
        this.#write({ type: 'register', address });
      }
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.#write({ type: 'ping' }), PING_EVERY_MS);
      this.events.onOpen?.();
    };
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onclose = () => {
      clearInterval(this.pinger);
      if (this.socket === socket) {
        this.socket = null;
      }
      if (!this.stopped) {
        this.events.onDown?.();
        this.#retry();
      }
    };
  }

  #receive(data) {
    let frame;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
    } catch {
      return;
    }
    if (frame.type === 'rec') {
      this.handlers.get(frame.address)?.(frame.body);
    } else if (frame.type === 'err') {
      if (FINAL_ERRORS.has(frame.body)) {
        this.#final(frame.body);
      } else {
        this.events.onError?.(frame.body);
      }
    }
  }

  #final(reason) {
    this.stopped = true;
    this.events.onFinal?.(reason);
  }

  #retry() {
    if (this.stopped) {
      return;
    }
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    this.attempt += 1;
    setTimeout(() => this.#connect(), Math.random() * ceiling);
  }

  #write(frame) {
    if (!this.open) {
      return false;
    }
    this.socket.send(JSON.stringify(frame));
    return true;
  }
}

/**
 * Asks the hub for a ticket at {@code endpoint} (a join link's, a help call's); for the staff end of a call,
 * with a staff member's {@code bearer} token, or with the browser's staff session and its {@code csrf} token.
 * A refusal that retrying cannot fix is marked final.
 */
export async function ticketFrom(endpoint, bearer, csrf) {
  const headers = bearer ? { Authorization: `Bearer ${bearer}` } : {};
  if (!bearer && csrf) {
    headers['X-CSRF-Token'] = csrf;
  }
  const response = await fetch(endpoint, { method: 'POST', headers, credentials: 'same-origin' });
  if (response.status === 201) {
    const answer = await response.json();
    // The page's own origin, whatever address the hub calls itself: the socket's Origin must match it.
    const given = new URL(answer.url, window.location.href);
    const url = new URL(given.pathname + given.search, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return { url: url.toString(), peerId: answer.peerId, room: answer.room, iceServers: answer.iceServers,
      iceTransportPolicy: answer.iceTransportPolicy };
  }
  let reason = `ticket_${response.status}`;
  if (response.status === 409) {
    const problem = await response.json().catch(() => ({}));
    reason = String(problem.type).endsWith(':room-full') ? 'room_full' : 'link_closed';
  }
  const failure = new Error(reason);
  failure.final = response.status === 404 || response.status === 409;
  throw failure;
}
