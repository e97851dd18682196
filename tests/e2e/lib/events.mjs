// An ordered record of everything a client received, with waits that resolve on the first
// matching event (already seen or still to come) and fail after a bounded time with the history,
// so a failing test says what did arrive.
export class EventLog {
  constructor(name) {
    this.name = name;
    this.items = [];
    this.waiters = [];
    this.closed = null;
  }

  push(ev) {
    this.items.push(ev);
    for (const w of [...this.waiters]) {
      if (w.from <= this.items.length - 1 && w.pred(ev)) this.settle(w, null, ev);
    }
  }

  close(info) {
    this.closed = info;
    for (const w of [...this.waiters]) {
      if (!w.allowClose) this.settle(w, new Error(`${this.name}: closed (${JSON.stringify(info)}) while waiting for ${w.what}\n${this.summary()}`));
    }
  }

  settle(w, err, ev) {
    clearTimeout(w.timer);
    this.waiters = this.waiters.filter((x) => x !== w);
    if (err) w.reject(err); else w.resolve(ev);
  }

  // Position just past everything seen so far; pass as `from` to wait only for later events.
  mark() { return this.items.length; }

  // The first event at index >= from for which pred holds.
  waitFor(what, pred, { from = 0, timeoutMs = 15000 } = {}) {
    for (let i = from; i < this.items.length; i++) if (pred(this.items[i])) return Promise.resolve(this.items[i]);
    if (this.closed) return Promise.reject(new Error(`${this.name}: closed (${JSON.stringify(this.closed)}) before ${what}\n${this.summary()}`));
    return new Promise((resolve, reject) => {
      const w = { what, pred, from, resolve, reject };
      w.timer = setTimeout(() => this.settle(w, new Error(`${this.name}: no ${what} within ${timeoutMs} ms\n${this.summary()}`)), timeoutMs);
      this.waiters.push(w);
    });
  }

  waitClose(timeoutMs = 15000) {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: not closed within ${timeoutMs} ms\n${this.summary()}`)), timeoutMs);
      const prev = this.close.bind(this);
      this.close = (info) => { prev(info); clearTimeout(timer); resolve(info); };
    });
  }

  filter(pred, from = 0) { return this.items.slice(from).filter(pred); }

  summary(limit = 60) {
    const kinds = this.items.map((e) => e.__kind ?? e.type ?? Object.keys(e).join('+'));
    const tail = kinds.slice(-limit);
    return `  received ${kinds.length} event(s)${kinds.length > limit ? ` (last ${limit})` : ''}: ${tail.join(', ')}`;
  }
}

// Races a promise against a deadline, naming what was awaited.
export function within(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms); });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
