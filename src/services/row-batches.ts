/**
 * What the parser thread of a parallel import and the thread that writes the rows say to each
 * other (import-parallel.ts, import-parse-worker.ts); above all, parsed rows in compact batches.
 * Structured-cloning 100,000 row objects costs the receiving thread about as much as the writing
 * it would overlap; here a batch is three typed arrays (moved, not copied) plus the strings not
 * sent before, each sent once. Lossless for every field of a ParsedRow; a row of any other shape
 * is refused, and the import takes the sequential path. Beside each row may go the two texts the
 * writer derives from its description (RowTexts), so that the parser thread, which has time to
 * spare, works them out instead of the writer.
 */
import type { FileParseOptions, StreamFileResult } from '../core/import/detect';
import type { CardHint, ParsedCardholder, ParsedRow, TransactionKind } from '../core/import/types';
import { normalizeMerchant } from '../core/merchant';
import { searchText } from '../core/search';

/** The parser thread's workerData: it answers only as that thread. */
export const PARSER_THREAD = 'meisai-parser-thread';

export interface ParseJob {
  id: number;
  bytes: Uint8Array;
  options: Pick<FileParseOptions, 'defaultCurrency' | 'fileName' | 'profiles'>;
  headBytes: number;
  batchRows: number;
}

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

/** Int32 slots per row: string ids (0 = null), flags, then the ids of the derived texts (0 = none sent). */
const INTS = 16;
/** Float64 slots per row: line, amount, originalAmount, billedAmount. */
const NUMS = 4;
const HAS_ORIGINAL_AMOUNT = 1;
const HAS_BILLED_AMOUNT = 2;
const HAS_CARDHOLDER = 4;
const HAS_DETAILS = 8;

export interface RowBatch {
  count: number;
  /** Strings first used in this batch; their ids continue from the batches before. */
  strings: string[];
  ints: Int32Array;
  nums: Float64Array;
  /** fingerprintKey of each row's fingerprint. */
  keys: BigInt64Array;
}

/**
 * What the writer derives from a row's description alone: its normalised merchant (core/merchant.ts
 * `normalizeMerchant`) and its search text (core/search.ts `searchText` of the description). `id` is
 * the description's id in the batches, the same for every row with that description.
 */
export interface RowTexts {
  id: number;
  merchant: string;
  search: string;
}

/** The texts of RowTexts for a description: both import paths derive them here, so they cannot differ. */
export function descriptionTexts(description: string): { merchant: string; search: string } {
  return { merchant: normalizeMerchant(description), search: searchText([description]) };
}

/** Thrown by RowBatchWriter.add for a row it cannot carry exactly. */
export class UnsupportedRow extends Error {}

export class RowBatchWriter {
  private ids = new Map<string, number>();
  private strings: string[] = [];
  private ints: Int32Array;
  private nums: Float64Array;
  private keys: BigInt64Array;
  count = 0;

  constructor(readonly capacity: number) {
    this.ints = new Int32Array(capacity * INTS);
    this.nums = new Float64Array(capacity * NUMS);
    this.keys = new BigInt64Array(capacity);
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Per slot, the last string and its id: most fields repeat from row to row, and a map lookup per field was most of this thread's work. */
  private lastText: unknown[] = new Array<unknown>(INTS).fill(null);
  private lastId = new Int32Array(INTS);

  private id(slot: number, v: unknown, nullable: boolean): number {
    if (v === null && nullable) return 0;
    if (typeof v !== 'string') throw new UnsupportedRow(`a row field is ${v === null ? 'null' : typeof v}`);
    if (v === this.lastText[slot]) return this.lastId[slot]!;
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(v, id);
      this.strings.push(v);
    }
    this.lastText[slot] = v;
    this.lastId[slot] = id;
    return id;
  }

  private num(v: unknown): number {
    if (typeof v !== 'number') throw new UnsupportedRow(`a numeric row field is ${v === null ? 'null' : typeof v}`);
    return v;
  }

  add(row: ParsedRow, key: bigint, texts?: { merchant: string; search: string }): void {
    const i = this.count * INTS;
    const n = this.count * NUMS;
    const ints = this.ints;
    let flags = 0;
    ints[i] = this.id(0, row.date, false);
    ints[i + 1] = this.id(1, row.postedDate, true);
    ints[i + 2] = this.id(2, row.description, false);
    ints[i + 3] = this.id(3, row.currency, false);
    ints[i + 4] = this.id(4, row.originalCurrency, true);
    ints[i + 5] = this.id(5, row.fxRate, true);
    ints[i + 6] = this.id(6, row.kind, false);
    ints[i + 7] = this.id(7, row.paymentPlan, true);
    ints[i + 8] = this.id(8, row.status, false);
    const h = row.cardholder;
    if (h !== null) {
      if (typeof h !== 'object') throw new UnsupportedRow('a cardholder that is not an object');
      flags |= HAS_CARDHOLDER;
      ints[i + 9] = this.id(9, h.name, false);
      ints[i + 10] = this.id(10, h.role, false);
      ints[i + 11] = this.id(11, h.lastDigits, true);
    } else ints[i + 9] = ints[i + 10] = ints[i + 11] = 0;
    // Details are only ever stored as their JSON text, which this round trip keeps exactly.
    if (row.details) {
      flags |= HAS_DETAILS;
      ints[i + 12] = this.id(12, JSON.stringify(row.details), false);
    } else ints[i + 12] = 0;
    this.nums[n] = this.num(row.line);
    this.nums[n + 1] = this.num(row.amount);
    if (row.originalAmount !== null) {
      flags |= HAS_ORIGINAL_AMOUNT;
      this.nums[n + 2] = this.num(row.originalAmount);
    } else this.nums[n + 2] = 0;
    if (row.billedAmount !== null) {
      flags |= HAS_BILLED_AMOUNT;
      this.nums[n + 3] = this.num(row.billedAmount);
    } else this.nums[n + 3] = 0;
    ints[i + 13] = flags;
    if (texts) {
      ints[i + 14] = this.id(14, texts.merchant, false);
      ints[i + 15] = this.id(15, texts.search, false);
    } else ints[i + 14] = ints[i + 15] = 0;
    this.keys[this.count] = key;
    this.count++;
  }

  /** The rows added since the last take (their arrays change hands: transfer them). */
  take(): RowBatch {
    const batch: RowBatch = {
      count: this.count,
      strings: this.strings,
      ints: this.ints.slice(0, this.count * INTS),
      nums: this.nums.slice(0, this.count * NUMS),
      keys: this.keys.slice(0, this.count),
    };
    this.strings = [];
    this.count = 0;
    return batch;
  }
}

export class RowBatchReader {
  private strings: (string | null)[] = [null];
  /** One RowTexts per description id. */
  private texts: (RowTexts | undefined)[] = [];

  /** Rebuilds each row of a batch, in order, with its derived texts when they were sent. */
  read(batch: RowBatch, onRow: (row: ParsedRow, key: bigint, texts: RowTexts | null) => void): void {
    for (const s of batch.strings) this.strings.push(s);
    const str = this.strings;
    const { ints, nums, keys } = batch;
    for (let r = 0; r < batch.count; r++) {
      const i = r * INTS;
      const n = r * NUMS;
      const flags = ints[i + 13]!;
      const cardholder: ParsedCardholder | null =
        flags & HAS_CARDHOLDER ? { name: str[ints[i + 9]!]!, role: str[ints[i + 10]!] as ParsedCardholder['role'], lastDigits: str[ints[i + 11]!]! } : null;
      const row: ParsedRow = {
        line: nums[n]!,
        date: str[ints[i]!]!,
        postedDate: str[ints[i + 1]!]!,
        description: str[ints[i + 2]!]!,
        amount: nums[n + 1]!,
        currency: str[ints[i + 3]!]!,
        originalAmount: flags & HAS_ORIGINAL_AMOUNT ? nums[n + 2]! : null,
        originalCurrency: str[ints[i + 4]!]!,
        fxRate: str[ints[i + 5]!]!,
        kind: str[ints[i + 6]!] as TransactionKind,
        cardholder,
        paymentPlan: str[ints[i + 7]!]!,
        billedAmount: flags & HAS_BILLED_AMOUNT ? nums[n + 3]! : null,
        status: str[ints[i + 8]!] as ParsedRow['status'],
        details: flags & HAS_DETAILS ? (JSON.parse(str[ints[i + 12]!]!) as Record<string, string>) : null,
      };
      const described = ints[i + 2]!;
      const texts = ints[i + 14] === 0 ? null : (this.texts[described] ??= { id: described, merchant: str[ints[i + 14]!]!, search: str[ints[i + 15]!]! });
      onRow(row, keys[r]!, texts);
    }
  }
}
