// The page's one WebSocket to /ws/: subscribes to the page's streams, catches up from the
// last event id seen (kept in sessionStorage across reloads and reconnects), reconnects with
// exponential backoff and jitter, and hands every event to its handlers exactly once.

const STORAGE_PREFIX = "oic.live.since.";
const SEEN_LIMIT = 500;
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;
// A socket that stayed open this long counts as healthy: the backoff starts over.
const STABLE_AFTER_MS = 5000;

function readSince(stream) {
  try {
    const value = sessionStorage.getItem(STORAGE_PREFIX + stream);
    return value === null ? null : Number(value) || null;
  } catch {
    return null;
  }
}

function writeSince(stream, id) {
  try {
    if (id === null) sessionStorage.removeItem(STORAGE_PREFIX + stream);
    else sessionStorage.setItem(STORAGE_PREFIX + stream, String(id));
  } catch {
    // Storage can be full or disabled; catch-up after a reload is then simply lost.
  }
}

export class LiveConnection {
  /**
   * @param {string[]} streams streams to watch, e.g. ["idea:42"]
   * @param {{onEvent: Function, onState: Function, onResync: Function}} handlers
   */
  constructor(streams, { onEvent, onState, onResync }) {
    this.streams = streams;
    this.onEvent = onEvent;
    this.onState = onState;
    this.onResync = onResync;
    this.since = new Map(streams.map((s) => [s, readSince(s)]));
    // Ids are not delivered in strictly increasing order (a transaction that took an id
    // earlier may commit later, and replays overlap live frames), so duplicates are
    // recognised by id, not by comparison with the newest id.
    this.seen = new Map(streams.map((s) => [s, new Set()]));
    this.attempt = 0;
    this.socket = null;
    this.retryTimer = null;
    this.stableTimer = null;
    this.stopped = false;
    this.pending = null;
    // The HTML of a freshly loaded page is newer than any gap the server could not
    // replay, so a resync only matters once this page has been connected before.
    this.connectedBefore = false;
  }

  start() {
    window.addEventListener("online", () => this.reconnectNow());
    window.addEventListener("pagehide", () => this.stop());
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) {
        this.stopped = false;
        this.connectedBefore = true;
        this.reconnectNow();
      }
    });
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.stableTimer);
    if (this.socket) this.socket.close(1000);
    this.socket = null;
  }

  reconnectNow() {
    if (this.stopped) return;
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.connect();
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    this.onState(this.attempt === 0 ? "connecting" : "reconnecting");
    let socket;
    try {
      socket = new WebSocket(`${scheme}://${location.host}/ws/`);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      for (const stream of this.streams) {
        socket.send(
          JSON.stringify({ action: "subscribe", stream, since: this.since.get(stream) ?? null }),
        );
      }
      this.pending = new Set(this.streams);
      this.stableTimer = setTimeout(() => {
        this.attempt = 0;
      }, STABLE_AFTER_MS);
    });
    socket.addEventListener("message", (message) => this.receive(message.data));
    socket.addEventListener("close", () => {
      clearTimeout(this.stableTimer);
      this.connectedBefore = true;
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.stopped) this.scheduleRetry();
    });
  }

  scheduleRetry() {
    this.onState(navigator.onLine === false ? "offline" : "reconnecting");
    // Full jitter on an exponential ceiling: clients dropped together by a restart do
    // not all come back in the same instant.
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  receive(raw) {
    let frame;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (!frame || typeof frame !== "object") return;
    if (typeof frame.id === "number" && frame.stream && "data" in frame) {
      this.deliver(frame);
    } else if (frame.type === "subscribed") {
      // Sent after the replay: the log stood at last_id, so a reconnect or reload
      // catches up from there even if this stream has been quiet.
      const last = typeof frame.last_id === "number" ? frame.last_id : null;
      const since = this.since.get(frame.stream);
      if (last !== null && (since === null || since === undefined || last > since)) {
        this.since.set(frame.stream, last);
        writeSince(frame.stream, last);
      }
      this.settle(frame.stream);
    } else if (frame.type === "resync") {
      // The gap is older than the log keeps: only a fresh page is correct now. Forget the
      // position, so the reloaded page starts from the server's state.
      this.since.set(frame.stream, null);
      writeSince(frame.stream, null);
      if (this.connectedBefore) this.onResync(frame.stream);
    } else if (frame.type === "error") {
      console.warn("Live updates:", frame.code, frame.detail);
      // A refused stream (unknown, not allowed) will not come: the others are live.
      if (frame.stream) this.settle(frame.stream);
    }
  }

  settle(stream) {
    if (!this.pending || !this.pending.delete(stream) || this.pending.size) return;
    this.onState("live");
  }

  deliver(frame) {
    const seen = this.seen.get(frame.stream);
    if (!seen) return;
    if (seen.has(frame.id)) return;
    seen.add(frame.id);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value);
    const since = this.since.get(frame.stream);
    if (since === null || frame.id > since) {
      this.since.set(frame.stream, frame.id);
      writeSince(frame.stream, frame.id);
    }
    try {
      this.onEvent(frame);
    } catch (error) {
      console.error("Live update failed", frame.type, error);
    }
  }
}
