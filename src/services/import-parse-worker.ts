/**
 * The parser thread of a parallel import (import-parallel.ts): reads a statement file exactly as
 * the import service does (the same decoding, parsing, fingerprints and rows hash) and streams its
 * rows back in compact batches while the importing thread writes them. No database, no files.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { streamStatementFile } from '../core/import/detect';
import { createFingerprinter, fingerprintKey } from '../core/import/fingerprint';
import { memoizeText } from '../core/memo';
import type { ParsedRow } from '../core/import/types';
import { CANCEL, descriptionTexts, PARSER_THREAD, RowBatchWriter, SEQ, type ParseJob, type ParseMessage } from './row-batches';
import { rowsDigest } from './rows-digest';

class Cancelled extends Error {}

/** The first lines of a file, cut after a line break: enough to learn its format and card early. */
function head(bytes: Uint8Array, size: number): Uint8Array | null {
  if (bytes.length <= size) return null;
  const cut = bytes.lastIndexOf(0x0a, size);
  return cut > 0 ? bytes.subarray(0, cut + 1) : null;
}

/** Do two parsed rows hold the same values in every field an import writes or reads? */
export function sameRow(x: ParsedRow, y: ParsedRow): boolean {
  const hx = x.cardholder;
  const hy = y.cardholder;
  return (
    Object.is(x.line, y.line) &&
    x.date === y.date &&
    x.postedDate === y.postedDate &&
    x.description === y.description &&
    Object.is(x.amount, y.amount) &&
    x.currency === y.currency &&
    Object.is(x.originalAmount, y.originalAmount) &&
    x.originalCurrency === y.originalCurrency &&
    x.fxRate === y.fxRate &&
    x.kind === y.kind &&
    (hx === hy || (hx !== null && hy !== null && hx.name === hy.name && hx.role === hy.role && hx.lastDigits === hy.lastDigits)) &&
    x.paymentPlan === y.paymentPlan &&
    Object.is(x.billedAmount, y.billedAmount) &&
    x.status === y.status &&
    (x.details ? JSON.stringify(x.details) : null) === (y.details ? JSON.stringify(y.details) : null)
  );
}

function run(job: ParseJob, port: MessagePort, ends: MessagePort, control: Int32Array): void {
  const send = (m: ParseMessage, transfer: ArrayBuffer[] = []) => {
    (m.type === 'end' ? ends : port).postMessage(m, transfer);
    Atomics.add(control, SEQ, 1);
    Atomics.notify(control, SEQ);
  };
  try {
    const batch = new RowBatchWriter(job.batchRows);
    // The texts the writer would derive from each description, worked out here instead (row-batches.ts RowTexts).
    const texts = memoizeText(descriptionTexts);
    const flush = () => {
      if (batch.count === 0) return;
      const b = batch.take();
      send({ job: job.id, type: 'rows', batch: b }, [b.ints.buffer as ArrayBuffer, b.nums.buffer as ArrayBuffer, b.keys.buffer as ArrayBuffer]);
      if (Atomics.load(control, CANCEL) >= job.id) throw new Cancelled();
    };
    // The card is only known at the end of a file; the writer starts on the card the first lines
    // name, and the import is redone sequentially if the whole file names another.
    const first = head(job.bytes, Math.min(job.headBytes, Math.floor(job.bytes.length / 4)));
    const headRows: ParsedRow[] = [];
    const early = first ? streamStatementFile(first, job.options, (row) => headRows.push(row)) : null;
    send({ job: job.id, type: 'head', head: early?.ok ? { format: early.summary.format, card: early.summary.card } : null });
    if (!early?.ok) return;
    // Those lines' rows go out at once: the whole file is decoded and split into records before its
    // first row comes, and the writer need not wait for that. The whole file's parse then checks
    // that it reads them exactly so (the last one may be cut short: not sent).
    headRows.pop();
    const headKeys: bigint[] = [];
    const headFingerprint = createFingerprinter();
    for (const row of headRows) {
      const key = fingerprintKey(headFingerprint(row));
      headKeys.push(key);
      batch.add(row, key, texts(row.description));
      if (batch.full) flush();
    }
    flush();
    const fingerprint = createFingerprinter();
    const digest = rowsDigest();
    let index = 0;
    const parsed = streamStatementFile(job.bytes, job.options, (row) => {
      const fp = fingerprint(row);
      digest.add(row, fp);
      const key = fingerprintKey(fp);
      const i = index++;
      if (i < headRows.length) {
        if (key !== headKeys[i] || !sameRow(row, headRows[i]!)) throw new Error(`line ${row.line} reads differently in the whole file than in its first lines`);
        return;
      }
      batch.add(row, key, texts(row.description));
      if (batch.full) flush();
    });
    if (index < headRows.length) throw new Error('the whole file has fewer rows than its first lines');
    flush();
    send({ job: job.id, type: 'end', parsed, rowsHash: parsed.ok ? digest.rowsHash() : null, periodFrom: digest.periodFrom, periodTo: digest.periodTo });
    send({ job: job.id, type: 'done' });
  } catch (e) {
    if (e instanceof Cancelled) return;
    send({ job: job.id, type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}

// Only as the parser thread (a module that imports this one for sameRow must not answer its port).
const parent = workerData === PARSER_THREAD ? parentPort : null;
if (parent) {
  let ports: { rows: MessagePort; ends: MessagePort; control: Int32Array } | null = null;
  parent.on('message', (m: { type: 'init'; rows: MessagePort; ends: MessagePort; control: SharedArrayBuffer } | { type: 'job'; job: ParseJob }) => {
    if (m.type === 'init') {
      ports = { rows: m.rows, ends: m.ends, control: new Int32Array(m.control) };
      parent.postMessage('ready');
    } else if (ports) run(m.job, ports.rows, ports.ends, ports.control);
  });
}
