/**
 * Parallel import of a big statement file: a parser thread (import-parse-worker.ts) decodes,
 * parses and fingerprints the file and sends its rows in batches while the importing thread writes
 * them inside its one transaction, blocking for the next batch (Atomics.wait) when it is ahead.
 * Only the plan is speculative: the writer starts on the card the file's first lines name, and the
 * import service (imports.ts) rolls everything back and imports the file sequentially whenever the
 * finished parse shows that the sequential path would do anything differently.
 *
 * The parser thread is started once per thread that imports, asynchronously (prepareParallelImport,
 * before a commit), and then kept. Where it cannot be started, imports stay sequential.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { FORMATS, isPdf, STREAM_THRESHOLD_BYTES, type StreamFileResult } from '../core/import/detect';
import type { CardHint, ParsedRow } from '../core/import/types';
import type { ImportRequest } from '../shared/api/contract';
import { CANCEL, PARSER_THREAD, RowBatchReader, SEQ, type ParseJob, type ParseMessage, type RowTexts } from './row-batches';
import type { RowsDigest } from './rows-digest';

/** Smaller files import sequentially: the parser thread's round trips would eat the little they gain. */
export const PARALLEL_MIN_BYTES = 1024 * 1024;
/** A parser thread not yet running is waited for only by files this big (see prepareParallelImport). */
const COLD_START_MIN_BYTES = 4 * 1024 * 1024;
/** Bytes of the file's start read first (at most a quarter of it), for its format, card and first rows. */
const HEAD_BYTES = 1024 * 1024;
const BATCH_ROWS = 2048;
/** Starting the parser thread (tsx compiles it from the sources in development) may take this long. */
const START_MS = 20_000;
/** A parser thread silent for this long is taken for gone; the import goes the sequential way. */
const STALL_MS = 20_000;

/** Why the last file took the path it took (tests and diagnostics). */
export type ParallelOutcome = { path: 'parallel' } | { path: 'sequential'; reason: string };
let lastOutcome: ParallelOutcome | null = null;
export const lastParallelOutcome = () => lastOutcome;
export function noteOutcome(outcome: ParallelOutcome): void {
  lastOutcome = outcome;
}

/** The rows, or the parse, did not go as the writer assumed: roll back and import sequentially. */
export class ParallelMiss extends Error {}

let enabled = process.env.MEISAI_PARALLEL_IMPORT !== '0';
/** Switch parallel imports off (or on again) in this thread; tests compare both paths. */
export function setParallelImport(on: boolean): void {
  enabled = on;
}

let configuredPath: string | null | undefined;
/**
 * The parser thread's module, for builds where it is not beside this one (the desktop app); null:
 * none; undefined: the one beside this module. A running parser thread is stopped.
 */
export function useParseWorker(path: string | null | undefined): void {
  configuredPath = path;
  unavailable = false;
  if (thread) void thread.worker.terminate();
  thread = null;
}

function workerPath(): string | null {
  if (configuredPath !== undefined) return configuredPath;
  // From the sources (tsx, vitest): a plain-JS entry that registers tsx in the new thread. In a
  // bundle (the esbuild-built crash-test child) it is not there, and imports stay sequential.
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    const entry = join(here, 'import-parse-worker.entry.mjs');
    return existsSync(entry) && existsSync(join(here, 'import-parse-worker.ts')) ? entry : null;
  } catch {
    return null;
  }
}

interface ParserThread {
  worker: Worker;
  /** Heads, row batches and `done` of each job. */
  rows: MessagePort;
  /** The end of each job's parse. */
  ends: MessagePort;
  control: Int32Array;
  dead: boolean;
  nextJob: number;
}

let thread: ParserThread | null = null;
let starting: Promise<ParserThread | null> | null = null;
let unavailable = false;

function startThread(): Promise<ParserThread | null> {
  if (thread && !thread.dead) return Promise.resolve(thread);
  if (unavailable) return Promise.resolve(null);
  starting ??= new Promise<ParserThread | null>((resolve) => {
    const path = workerPath();
    if (!path) {
      unavailable = true;
      return resolve(null);
    }
    let worker: Worker;
    try {
      worker = new Worker(path, { workerData: PARSER_THREAD });
    } catch {
      unavailable = true;
      return resolve(null);
    }
    const rows = new MessageChannel();
    const ends = new MessageChannel();
    rows.port1.unref();
    ends.port1.unref();
    const t: ParserThread = { worker, rows: rows.port1, ends: ends.port1, control: new Int32Array(new SharedArrayBuffer(8)), dead: false, nextJob: 0 };
    let settled = false;
    const give = (value: ParserThread | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Once started, it must never keep a process alive (tests, the CLI) or hold up an exit.
      worker.unref();
      if (value) thread = value;
      else {
        // Never retried in this thread: every import would wait for it again.
        unavailable = true;
        t.dead = true;
        void worker.terminate();
      }
      resolve(value);
    };
    const timer = setTimeout(() => give(null), START_MS);
    timer.unref();
    worker.on('message', (m) => {
      if (m === 'ready') give(t);
    });
    worker.on('error', () => give(null));
    worker.on('exit', () => {
      t.dead = true;
      if (thread === t) thread = null;
      give(null);
    });
    worker.postMessage({ type: 'init', rows: rows.port2, ends: ends.port2, control: t.control.buffer }, [rows.port2, ends.port2]);
  }).finally(() => (starting = null));
  return starting;
}

/** Why this file cannot be imported in parallel (judged before its content is read), or null. */
export function whyNotParallel(file: { data: Uint8Array }, req: Pick<ImportRequest, 'mapping' | 'saveProfileAs'>): string | null {
  if (!enabled) return 'switched off';
  if (req.mapping || req.saveProfileAs) return 'a column mapping';
  if (isPdf(file.data)) return 'a PDF';
  if (file.data.length < PARALLEL_MIN_BYTES) return 'small file';
  // Bigger files are read twice, streaming, and never held whole: a path of their own.
  if (file.data.length > STREAM_THRESHOLD_BYTES) return 'a file too big to hold';
  return null;
}

/** Start the parser thread now, ahead of imports (it is kept); resolves whether it is ready. */
export async function startParseWorker(): Promise<boolean> {
  return (await startThread()) !== null;
}

/**
 * Before a commit with a file for it: start the parser thread. Starting costs a few hundred ms
 * (more from the sources, which tsx compiles first), so a cold start is waited for only when a file
 * is big enough to win that back; a smaller one goes sequentially, and the next import finds the
 * thread ready. The app's import worker starts it in advance (import-worker.ts).
 */
export async function prepareParallelImport(kind: 'preview' | 'commit', req: ImportRequest): Promise<void> {
  if (kind !== 'commit') return;
  const sizes = req.files.filter((f) => whyNotParallel(f, req) === null).map((f) => f.data.length);
  if (sizes.length === 0) return;
  const ready = startThread();
  if (Math.max(...sizes) >= COLD_START_MIN_BYTES) await ready;
}

export interface ParseEnd {
  parsed: StreamFileResult;
  digest: RowsDigest;
}

export interface ParallelParse {
  /** The format and card the file's first lines name. */
  format: string;
  card: CardHint;
  /**
   * Hands each row to `onRow` as the parser sends it, with its fingerprint key, index and the texts
   * the parser derived from its description. `onEnd`
   * gets the whole file's parse as soon as it is known (usually long before the last row is
   * written); returns the number of rows. Throws ParallelMiss when the parser thread fails.
   */
  rows(onRow: (row: ParsedRow, key: bigint, index: number, texts: RowTexts | null) => void, onEnd: (end: ParseEnd) => void): number;
  /** Stop the parser on this job (it may still be reading it). */
  cancel(): void;
}

/**
 * Send a file to the parser thread; `head()` then waits for the format and card of its first lines.
 * Null (sequential) when the thread is not ready. `head()` gives null (sequential) when the start of
 * the file does not parse, or its format does not stream rows (they would only come at the end:
 * nothing to overlap).
 */
export function startParallelParse(bytes: Uint8Array, options: ParseJob['options']): { head(): ParallelParse | null; cancel(): void } | null {
  const t = thread;
  if (!t || t.dead) {
    noteOutcome({ path: 'sequential', reason: 'no parser thread' });
    return null;
  }
  const id = ++t.nextJob;
  // A view into a bigger buffer would be cloned with all of it.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  try {
    t.worker.postMessage({ type: 'job', job: { id, bytes: own, options, headBytes: HEAD_BYTES, batchRows: BATCH_ROWS } satisfies ParseJob });
  } catch {
    noteOutcome({ path: 'sequential', reason: 'the parser thread could not be reached' });
    return null;
  }
  const cancel = () => {
    const c = t.control;
    if (Atomics.load(c, CANCEL) < id) Atomics.store(c, CANCEL, id);
  };
  const next = (): ParseMessage | null => {
    let last = performance.now();
    for (;;) {
      const seq = Atomics.load(t.control, SEQ);
      const got = (receiveMessageOnPort(t.ends) ?? receiveMessageOnPort(t.rows)) as { message: ParseMessage } | undefined;
      if (got) {
        // Messages of an earlier, abandoned job are dropped.
        if (got.message.job === id) return got.message;
        last = performance.now();
        continue;
      }
      const left = STALL_MS - (performance.now() - last);
      if (left <= 0) return null;
      // Woken by the parser's next message (SEQ changes), or after a while to check the time.
      Atomics.wait(t.control, SEQ, seq, Math.min(left, 500));
    }
  };
  return { cancel, head: () => parallelParse(next, cancel) };
}

function parallelParse(next: () => ParseMessage | null, cancel: () => void): ParallelParse | null {
  const first = next();
  if (!first || first.type !== 'head' || !first.head || !FORMATS.find((f) => f.id === first.head!.format)?.stream) {
    cancel();
    noteOutcome({ path: 'sequential', reason: !first ? 'the parser thread did not answer' : first.type === 'failed' ? `the parser failed: ${first.message}` : 'the start of the file does not stream rows' });
    return null;
  }
  const { format, card } = first.head;
  return {
    format,
    card,
    cancel,
    rows(onRow, onEnd) {
      const reader = new RowBatchReader();
      let index = 0;
      let ended = false;
      let done = false;
      try {
        for (;;) {
          const m = next();
          if (!m) throw new ParallelMiss('the parser thread stopped answering');
          if (m.type === 'failed') throw new ParallelMiss(`the parser failed: ${m.message}`);
          if (m.type === 'end') {
            ended = true;
            const { rowsHash, periodFrom, periodTo } = m;
            onEnd({ parsed: m.parsed, digest: { add: () => {}, rowsHash: () => rowsHash ?? '', periodFrom, periodTo } });
          } else if (m.type === 'rows') reader.read(m.batch, (row, key, texts) => onRow(row, key, index++, texts));
          else if (m.type === 'done') {
            // `end` is always sent first: `done` without it would be a broken parser thread.
            if (!ended) throw new ParallelMiss('the parser finished without its result');
            done = true;
            return index;
          }
        }
      } finally {
        if (!done) cancel();
      }
    },
  };
}
