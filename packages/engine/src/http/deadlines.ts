/**
 * Request deadlines on one shared timer. Each request needs a whole-request
 * bound that fires on time (undici's own headers and body timeouts are an idle
 * timeout on a 499 ms clock: late by up to half a second, and a body trickling a
 * byte at a time never trips them). A Node timer per request would do, but most
 * requests finish long before their deadline, so a timer armed and cleared per
 * request is work done for nothing.
 *
 * Deadlines with the same duration expire in the order they were set, so each
 * duration keeps a FIFO queue (a run uses one or two durations) and one native
 * timer is armed for the earliest live deadline. Setting a deadline is a push;
 * clearing one marks it and, when it is at the head, drops the cleared head
 * entries, so a queue holds about as many entries as there are requests in
 * flight. The timer is re-armed only when a deadline earlier than the armed one
 * arrives; when it fires early (the deadline it was armed for was cleared) it
 * re-arms for the next live one.
 */

export interface Deadline {
  /** Stops the deadline; its callback will not be called. Cheap, and safe to call twice. */
  clear(): void;
}

class Entry implements Deadline {
  constructor(
    readonly at: number,
    public onExpire: (() => void) | undefined,
    private readonly queue: Queue,
  ) {}

  clear(): void {
    if (this.onExpire === undefined) return;
    this.onExpire = undefined;
    this.queue.dropClearedHead();
  }
}

class Queue {
  entries: Entry[] = [];
  head = 0;

  dropClearedHead(): void {
    const entries = this.entries;
    let head = this.head;
    while (head < entries.length && entries[head]!.onExpire === undefined) head++;
    if (head === entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (head > 1024 && head * 2 > entries.length) {
      this.entries = entries.slice(head);
      this.head = 0;
    } else {
      this.head = head;
    }
  }

  /** The earliest live deadline, or undefined when the queue is empty. */
  first(): Entry | undefined {
    return this.entries[this.head];
  }
}

const queues = new Map<number, Queue>();
let timer: NodeJS.Timeout | undefined;
let armedAt = Infinity;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `onExpire` once `ms` milliseconds have passed, unless the deadline is cleared first. */
export function setDeadline(ms: number, onExpire: () => void): Deadline {
  let queue = queues.get(ms);
  if (queue === undefined) {
    queue = new Queue();
    queues.set(ms, queue);
  }
  const entry = new Entry(performance.now() + ms, onExpire, queue);
  queue.entries.push(entry);
  if (entry.at < armedAt) arm(entry.at);
  return entry;
}

function arm(at: number): void {
  if (timer !== undefined) clearTimeout(timer);
  armedAt = at;
  // Node turns a delay past 2^31 - 1 ms into 1 ms; a far deadline is reached in steps instead.
  timer = setTimeout(expire, Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(at - performance.now()))));
  // A pending deadline must not keep the process alive on its own: the request's socket does.
  timer.unref();
}

function expire(): void {
  timer = undefined;
  armedAt = Infinity;
  const now = performance.now();
  const due: Entry[] = [];
  let next = Infinity;
  for (const [ms, queue] of queues) {
    for (let entry = queue.first(); entry !== undefined && entry.at <= now; entry = queue.first()) {
      due.push(entry);
      queue.head++;
      queue.dropClearedHead();
    }
    const first = queue.first();
    if (first === undefined) queues.delete(ms);
    else if (first.at < next) next = first.at;
  }
  if (next !== Infinity) arm(next);
  // Callbacks run last, so one that sets a new deadline finds the queues consistent.
  for (const entry of due) {
    const onExpire = entry.onExpire;
    entry.onExpire = undefined;
    onExpire?.();
  }
}
