import { MessageChannel, Worker, isMainThread, receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { openDatabase } from "../../storage/database.js";
import { SqlitePostStore, type WriteOp } from "./sqlite-post-store.js";

/**
 * SQLite + FTS5 writes of the ingest pipeline on their own thread, with their own connection to the same file.
 *
 * Storing a post (B-tree inserts, FTS5 tokenising and segment merges) costs about as much as analysing it, and
 * both run at once here: the pipeline analyses batch N+1 while this thread commits batch N. Everything else stays
 * on the pipeline's side: the analysis state, the reads (WAL readers never wait on this writer), and a copy of every
 * batch until it is committed, so a failed write is retried in-thread and nothing accepted is lost.
 *
 * Progress is a shared counter (`Atomics`), so the pipeline can wait synchronously for a commit — `flush()` still
 * returns with everything stored — and results are read with `receiveMessageOnPort`, without an event-loop turn.
 */

interface WorkerData {
  candorPostWriter: true;
  file: string;
  progress: SharedArrayBuffer;
  port: MessagePort;
}

export interface WriteBatchResult {
  seq: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Set when the thread could not commit the batch; its writes are then not in the database. */
  error?: string;
}

/** Indexes into the shared progress array. */
const DONE = 0;
const STATE = 1;
const STATE_FAILED = -1;

/** How long a synchronous wait for the writer may last before it is declared stuck (its batches are then written in-thread). */
const STUCK_MS = 60_000;

export class PostWriterThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly progress: Int32Array;
  private nextSeq = 0;
  private dead = false;
  private readonly results: WriteBatchResult[] = [];

  constructor(file: string, private readonly log: (line: string) => void = () => {}) {
    const shared = new SharedArrayBuffer(8);
    this.progress = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const self = import.meta.url;
    // Under tsx (development, tests) the worker must register tsx before importing this .ts file. A failure to
    // start is flagged in the shared array too: a pipeline blocked in waitFor cannot see the 'error' event.
    const load = self.endsWith(".ts")
      ? `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(self)}); })`
      : `import(${JSON.stringify(self)})`;
    const boot = `const { workerData } = require("node:worker_threads");
      const failed = () => { const a = new Int32Array(workerData.progress); Atomics.store(a, ${STATE}, ${STATE_FAILED}); Atomics.notify(a, ${DONE}); };
      process.on("exit", failed);
      ${load}.catch((err) => { failed(); throw err; });`;
    const data: WorkerData = { candorPostWriter: true, file, progress: shared, port: port2 };
    this.worker = new Worker(boot, { eval: true, workerData: data, transferList: [port2] });
    this.worker.on("error", (err) => {
      this.dead = true;
      this.log(`knowledge: post writer thread failed: ${err.message}; writing in-thread`);
    });
    this.worker.on("exit", () => {
      this.dead = true;
    });
    // A batch left in flight must not keep the process alive on its own, nor an idle thread.
    this.worker.unref();
    this.port.unref();
  }

  /** False once the thread died or failed to start: the caller writes in-thread from then on. */
  get alive(): boolean {
    return !this.dead && Atomics.load(this.progress, STATE) !== STATE_FAILED;
  }

  /** Queues one batch; returns its sequence number. */
  submit(ops: WriteOp[], cursors: [string, string][]): number {
    const seq = ++this.nextSeq;
    this.port.postMessage({ seq, ops, cursors });
    return seq;
  }

  /** Results of batches finished so far, in order, without waiting. */
  poll(): WriteBatchResult[] {
    for (;;) {
      const m = receiveMessageOnPort(this.port);
      if (!m) break;
      this.results.push(m.message as WriteBatchResult);
    }
    return this.results.splice(0);
  }

  /**
   * Blocks until batch `seq` is finished (committed or failed) and returns every result that arrived.
   * Returns what it has if the thread dies or stops making progress; batches without a result were not written.
   */
  waitFor(seq: number): WriteBatchResult[] {
    let last = Atomics.load(this.progress, DONE);
    let since = Date.now();
    while (last < seq && this.alive) {
      Atomics.wait(this.progress, DONE, last, 200);
      const now = Atomics.load(this.progress, DONE);
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since > STUCK_MS) {
        this.log(`knowledge: post writer thread made no progress for ${STUCK_MS / 1000} s; writing in-thread`);
        this.dead = true;
        void this.worker.terminate();
      }
    }
    return this.poll();
  }

  async close(): Promise<void> {
    this.dead = true;
    this.port.close();
    await this.worker.terminate();
  }
}

/** The thread's side: one connection, one transaction per batch, progress published after each. */
function runWriter(data: WorkerData): void {
  const progress = new Int32Array(data.progress);
  let store: SqlitePostStore;
  try {
    store = new SqlitePostStore(openDatabase(data.file), { prepareCompaction: false });
  } catch (err) {
    Atomics.store(progress, STATE, STATE_FAILED);
    Atomics.notify(progress, DONE);
    throw err;
  }
  Atomics.store(progress, STATE, 1);
  data.port.on("message", (m: { seq: number; ops: WriteOp[]; cursors: [string, string][] }) => {
    let result: WriteBatchResult;
    try {
      result = { seq: m.seq, ...store.writeBatch(m.ops, m.cursors) };
    } catch (err) {
      result = { seq: m.seq, inserted: 0, updated: 0, unchanged: 0, deleted: 0, error: (err as Error).message };
    }
    // The result goes out before the counter moves, so whoever wakes on the counter finds it on the port.
    data.port.postMessage(result);
    Atomics.store(progress, DONE, m.seq);
    Atomics.notify(progress, DONE);
  });
}

if (!isMainThread && (workerData as Partial<WorkerData> | null)?.candorPostWriter) runWriter(workerData as WorkerData);
