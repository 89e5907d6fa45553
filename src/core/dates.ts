/** Dates as statements print them, to ISO `YYYY-MM-DD`. */

export type DateOrder = 'ymd' | 'mdy' | 'dmy';

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  return m === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : DAYS[m - 1]!;
}

function valid(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

// The common case, tried before any Unicode normalisation: 2025/06/03, 2025-6-3.
const PLAIN_YMD = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/;

/**
 * Parse one date cell. `order` decides `01/02/2025` (US `mdy`, UK `dmy`); year-first forms are
 * unambiguous and accepted whatever the order.
 */
export function parseDate(raw: string, order: DateOrder = 'ymd'): string | null {
  const plain = PLAIN_YMD.exec(raw);
  if (plain) return valid(+plain[1]!, +plain[2]!, +plain[3]!);
  const s = raw.normalize('NFKC').trim().replace(/^'/, '').trim();
  if (s === '') return null;
  let m = /^(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{2})(\d{2})(\d{2})$/.exec(s); // AEON's YYMMDD
  if (m) return valid(2000 + +m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (m) {
    const a = +m[1]!;
    const b = +m[2]!;
    const y = +m[3]!;
    return order === 'dmy' ? valid(y, b, a) : valid(y, a, b);
  }
  return null;
}

/**
 * Decide between month-first and day-first for a column of `NN/NN/YYYY` dates: a first part above 12
 * means day-first, a second part above 12 month-first. Returns null when the column never tells.
 */
export function inferDayMonthOrder(cells: readonly string[]): 'mdy' | 'dmy' | null {
  let mdy = false;
  let dmy = false;
  for (const c of cells) {
    const m = /^(\d{1,2})[/\-.](\d{1,2})[/\-.]\d{4}/.exec(c.normalize('NFKC').trim());
    if (!m) continue;
    if (+m[1]! > 12) dmy = true;
    if (+m[2]! > 12) mdy = true;
  }
  if (mdy && !dmy) return 'mdy';
  if (dmy && !mdy) return 'dmy';
  return null;
}

export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

/** First and last day of a `YYYY-MM` month. */
export function monthRange(month: string): { from: string; to: string } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const y = +m[1]!;
  const mo = +m[2]!;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** A moment's calendar date where the user is (local time), `YYYY-MM-DD` — not UTC's. */
export function localISODate(d: Date = new Date()): string {
  const m = d.getMonth() + 1;
  const day = d.getDate();
  return `${d.getFullYear()}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}
