/**
 * What an import learns from a file's rows besides the rows: the hash of their fingerprints (the
 * same statement re-saved in another encoding has the same one) and the period they cover. One
 * module for the import service and the parser worker (import-parse-worker.ts), so both compute
 * exactly the same values.
 */
import { createHash } from 'node:crypto';
import type { ParsedRow } from '../core/import/types';

export interface RowsDigest {
  add(row: Pick<ParsedRow, 'date'>, fingerprint: string): void;
  /** The hash of every fingerprint added, in order. Call once, after the last row. */
  rowsHash(): string;
  readonly periodFrom: string | null;
  readonly periodTo: string | null;
}

export function rowsDigest(): RowsDigest {
  const hash = createHash('sha256');
  let periodFrom: string | null = null;
  let periodTo: string | null = null;
  // Fed in batches: one hash update per row costs more than the parsing around it.
  let pending: string[] = [];
  const feed = () => {
    if (pending.length === 0) return;
    hash.update(pending.join('\n'));
    pending = [''];
  };
  return {
    add(row, fingerprint) {
      pending.push(fingerprint);
      if (pending.length >= 4096) feed();
      if (periodFrom === null || row.date < periodFrom) periodFrom = row.date;
      if (periodTo === null || row.date > periodTo) periodTo = row.date;
    },
    rowsHash() {
      feed();
      return hash.digest('hex');
    },
    get periodFrom() {
      return periodFrom;
    },
    get periodTo() {
      return periodTo;
    },
  };
}
