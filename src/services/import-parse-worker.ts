/**
 * The parser thread of a parallel import (import-parallel.ts): reads a statement file exactly as
 * the import service does (the same decoding, parsing, fingerprints and rows hash) and streams its
 * rows back in compact batches while the importing thread writes them. No database, no files.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { streamStatementFile, type StreamFileResult } from '../core/import/detect';
import { createFingerprinter, fingerprintKey } from '../core/import/fingerprint';
import type { CardHint } from '../core/import/types';
import { RowBatchWriter, type RowBatch } from './row-batches';
import { rowsDigest } from './rows-digest';
import type { ParseJob } from './import-parallel';

/**
 * What the parser thread says about a job: on the rows port head, rows…, done (or failed at any
 * point); on the ends port the whole file's parse, sent before `done` so that the writer learns it
 * while it still has rows to write.
 */
export type ParseMessage =
  | { job: number; type: 'head'; head: { format: string; card: CardHint } | null }
  | { job: number; type: 'rows'; batch: RowBatch }
  | { job: number; type: 'done' }
  | { job: number; type: 'end'; parsed: StreamFileResult; rowsHash: string | null; periodFrom: string | null; periodTo: string | null }
  | { job: number; type: 'failed'; message: string };

/** Shared Int32 slots: SEQ counts messages sent (the writer waits on it); CANCEL is the newest job to stop. */
export const SEQ = 0;
export const CANCEL = 1;

class Cancelled extends Error {}

/** The first lines of a file, cut after a line break: enough to learn its format and card early. */
function head(bytes: Uint8Array, size: number): Uint8Array | null {
  if (bytes.length <= size) return null;
  const cut = bytes.lastIndexOf(0x0a, size);
  return cut > 0 ? bytes.subarray(0, cut + 1) : null;
}

function run(job: ParseJob, port: MessagePort, ends: MessagePort, control: Int32Array): void {
  const send = (m: ParseMessage, transfer: ArrayBuffer[] = []) => {
    (m.type === 'end' ? ends : port).postMessage(m, transfer);
    Atomics.add(control, SEQ, 1);
    Atomics.notify(control, SEQ);
  };
  try {
    // The card is only known at the end of a file; the writer starts on the card its first lines name
    // and the import is redone sequentially if the whole file names another.
    const first = head(job.bytes, job.headBytes);
    const early = first ? streamStatementFile(first, job.options, () => {}) : null;
    send({ job: job.id, type: 'head', head: early?.ok ? { format: early.summary.format, card: early.summary.card } : null });
    if (!early?.ok) return;
    const fingerprint = createFingerprinter();
    const digest = rowsDigest();
    const batch = new RowBatchWriter(job.batchRows);
    const flush = () => {
      if (batch.count === 0) return;
      const b = batch.take();
      send({ job: job.id, type: 'rows', batch: b }, [b.ints.buffer as ArrayBuffer, b.nums.buffer as ArrayBuffer, b.keys.buffer as ArrayBuffer]);
      if (Atomics.load(control, CANCEL) >= job.id) throw new Cancelled();
    };
    const parsed = streamStatementFile(job.bytes, job.options, (row) => {
      const fp = fingerprint(row);
      digest.add(row, fp);
      batch.add(row, fingerprintKey(fp));
      if (batch.full) flush();
    });
    flush();
    send({ job: job.id, type: 'end', parsed, rowsHash: parsed.ok ? digest.rowsHash() : null, periodFrom: digest.periodFrom, periodTo: digest.periodTo });
    send({ job: job.id, type: 'done' });
  } catch (e) {
    if (e instanceof Cancelled) return;
    send({ job: job.id, type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}

const parent = parentPort;
if (parent) {
  let ports: { rows: MessagePort; ends: MessagePort; control: Int32Array } | null = null;
  parent.on('message', (m: { type: 'init'; rows: MessagePort; ends: MessagePort; control: SharedArrayBuffer } | { type: 'job'; job: ParseJob }) => {
    if (m.type === 'init') {
      ports = { rows: m.rows, ends: m.ends, control: new Int32Array(m.control) };
      parent.postMessage('ready');
    } else if (ports) run(m.job, ports.rows, ports.ends, ports.control);
  });
}
