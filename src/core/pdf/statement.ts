/**
 * Card statements printed as PDF (statement-formats.md §16, §17), read by column geometry. Pure.
 *
 * The input is the page text rebuilt into lines and cells (`lines.ts`). The parser finds the
 * transactions table's header line (ご利用日 / ご利用内容 / ご利用金額, or Date / Description /
 * Amount), takes each header cell's horizontal extent as its column, and puts every cell of the
 * lines below into a column by position, never by order (a blank cell is simply absent in a PDF).
 * Everything else on the pages is read for what it says, not imported:
 * - the period, closing and payment dates give year-less dates (`12月15日`, `12/15`) their year,
 *   also across December → January, and the payment month;
 * - cardholder section lines (`ご利用者：山田 太郎 様`, `カード会員様名 …`, `家族会員 …`,
 *   `Cardholder: …`) set the holder of the rows below them (first section primary, later ones
 *   family unless the line says which);
 * - foreign-currency detail on the row (a 備考 column, or a second cell in the description) or on
 *   the line below (`USD 10.00 換算レート 152.30`, `10.00 EUR @ 1.0850`);
 * - subtotals (小計, 合計, Total …) are checked against the rows (warnings), and the statement
 *   total (今回ご請求額, New Balance, …) becomes `total`;
 * - page headers and footers (page numbers, addresses, 会員番号) are not rows: a row needs a date
 *   in the date column and an amount in the amount column.
 * A header can repeat on every page; a page without one continues with the last columns.
 *
 * Format ids: `pdf-jp` (Japanese header) and `pdf-en` (English header). The issuer is only a card
 * hint read from the page text; the layouts are generic.
 */
import { parseDate } from '../dates';
import { formatMoney, isCurrencyCode, minorUnits, parseAmount } from '../money';
import { cardholderRole, foreignFromText, holder, makeRow, monthFromFileName, norm, paymentPlan } from '../import/formats/common';
import type { CardHint, ImportProblem, ParsedCardholder, ParsedRow, ParsedStatement, StatementTotal } from '../import/types';
import type { PdfCell, PdfLine } from './lines';

export interface PdfStatementOptions {
  /**
   * The home currency, as for the CSV formats. Not needed here: a Japanese layout bills in JPY and
   * an English one in USD unless the page names another currency (header unit, words, £/€ signs).
   */
  defaultCurrency: string;
  /** The file's base name: a payment month in it (`202602`) is the last resort for the year. */
  fileName: string;
}

type Lang = 'jp' | 'en';
type ColumnKind = 'date' | 'posted' | 'description' | 'holder' | 'plan' | 'amount' | 'billed' | 'memo';

interface Column {
  kind: ColumnKind;
  /** The header cell's extent. */
  x: number;
  xEnd: number;
  /** The slice of the page this column owns: halfway to the neighbouring headers. */
  from: number;
  to: number;
}

interface Table {
  lang: Lang;
  columns: Column[];
  /** Currency named in the header (`Amount (GBP)`), if any. */
  currency: string | null;
}

/** Header cells compared without case, width or spaces: `ご 利 用 日` (letter-spaced) is ご利用日. */
const key = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000]+/gu, '');

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/u;

// Header cell names. Amounts may carry a unit in brackets (`ご利用金額(円)`, `Amount ($)`),
// which is stripped before these are tried.
const HEADER: readonly (readonly [ColumnKind, RegExp])[] = [
  ['posted', /^(?:データ処理日|計上日|処理日|post(?:ing|ed)?\.?date|post)$/],
  ['date', /^(?:ご?利用(?:年月)?日(?:付)?|ご?利用年月日|お取引日|trans(?:action)?\.?date|date|saledate|purchasedate)$/],
  ['description', /利用店名|ご?利用内容|ご?利用先|ご?利用場所|商品名|お取引内容|^(?:description|merchant(?:name)?|details|transaction(?:details|description)?|descriptionoftransaction)$/],
  ['holder', /^(?:ご?利用者(?:区分|名)?|cardmember|cardholder|user)$/],
  ['plan', /^(?:お?支払(?:い)?(?:方法|区分)|支払回数)$/],
  ['amount', /^(?:ご?利用金額|金額|ご?利用額|amount|charges?)$/],
  ['billed', /^(?:(?:当月|今回)(?:ご)?お?支払(?:い)?金額|お?支払(?:い)?金額|支払総額|(?:今回)?ご?請求(?:金)?額)$/],
  ['memo', /^(?:備考|摘要|現地通貨額|現地利用額|外貨(?:金額)?|海外利用金額|(?:換算|変換)?レート|foreigncurrency|foreignamount|originalamount|exchangerate|notes?|memo)$/],
];

function headerKind(text: string): { kind: ColumnKind; currency: string | null } | null {
  const k = key(text).replace(/[:：]$/, '');
  const unit = /^(.*?)[(（]([^)）]*)[)）]$/.exec(k);
  const bare = unit ? unit[1]! : k;
  for (const [kind, re] of HEADER) {
    if (re.test(bare)) {
      const code = unit ? unit[2]!.toUpperCase() : '';
      return { kind, currency: isCurrencyCode(code) ? code : null };
    }
  }
  return null;
}

/** The table a header line opens, or null when the line is not a transactions header. */
function readHeader(line: PdfLine): Table | null {
  if (line.cells.length < 3) return null;
  const found: { kind: ColumnKind; x: number; xEnd: number }[] = [];
  let currency: string | null = null;
  for (const c of line.cells) {
    const h = headerKind(c.text);
    if (!h) continue;
    // A second date-like column (`Trans Date`, `Post Date` both matching) is the posting date.
    const kind = h.kind === 'date' && found.some((f) => f.kind === 'date') ? 'posted' : h.kind;
    if (found.some((f) => f.kind === kind)) continue;
    found.push({ kind, x: c.x, xEnd: c.xEnd });
    currency ??= h.currency;
  }
  const has = (k: ColumnKind): boolean => found.some((f) => f.kind === k);
  if (!has('date') || !has('description') || !(has('amount') || has('billed'))) return null;
  // Only お支払金額 printed: it is the row's amount. Both printed: ご利用金額 is the purchase,
  // お支払金額 what this statement bills of it (instalments), kept as billedAmount.
  if (!has('amount')) for (const f of found) if (f.kind === 'billed') f.kind = 'amount';
  found.sort((a, b) => a.x - b.x);
  const columns: Column[] = found.map((f, i) => {
    const prev = found[i - 1];
    const next = found[i + 1];
    return {
      ...f,
      from: prev ? Math.max(prev.x, Math.min(f.x, (prev.xEnd + f.x) / 2)) : -Infinity,
      to: next ? Math.max(f.x, Math.min(next.x, (f.xEnd + next.x) / 2)) : Infinity,
    };
  });
  const lang: Lang = line.cells.some((c) => JAPANESE.test(c.text)) ? 'jp' : 'en';
  return { lang, columns, currency };
}

const AMOUNT_LIKE = /^[-−△▲(]?\s*[¥$£€]?\s*[-−]?\d[\d,]*(?:\.\d+)?\s*(?:円|cr|dr|-|\)|※|\(\*\)|\*)?$/i;

/**
 * The column a cell belongs to. Text columns are left-aligned and amounts right-aligned, and
 * either can run past its header into the neighbour's slice: a cell inside one slice is that
 * column's; one spanning two belongs by its left edge, or by its right edge when it is a number.
 */
function columnOf(table: Table, cell: PdfCell): Column {
  const left = sliceAt(table, cell.x);
  const right = sliceAt(table, rightEdge(cell));
  if (left === right) return left;
  return AMOUNT_LIKE.test(cell.text.normalize('NFKC').trim()) ? right : left;
}

const sliceAt = (table: Table, x: number): Column => table.columns.find((c) => x >= c.from && x < c.to) ?? table.columns[table.columns.length - 1]!;
const rightEdge = (cell: PdfCell): number => Math.max(cell.x, cell.xEnd - 0.01);

type Cells = Partial<Record<ColumnKind, PdfCell[]>>;

function split(table: Table, line: PdfLine): Cells {
  const out: Cells = {};
  const wide: PdfCell[] = [];
  for (const c of line.cells) {
    const left = sliceAt(table, c.x);
    if (left === sliceAt(table, rightEdge(c))) (out[left.kind] ??= []).push(c);
    else wide.push(c);
  }
  // After the cells that sit in one column, so a peel never takes a column already filled.
  for (const c of wide) peel(table, c, out);
  return out;
}

/**
 * Some PDFs draw a whole row as one text run (`12/15 12/16 AMAZON MKTP 45.00`), which comes back
 * as one cell across several columns. A run starting in the date column gives its leading dates
 * to the date (and posting date) columns, and then, the line being dated, a trailing amount to
 * the amount column when it ends there; the rest is the description. A run without a leading date
 * (a long merchant name, foreign detail) goes whole to one column, as `columnOf` decides.
 */
function peel(table: Table, c: PdfCell, out: Cells): void {
  const add = (kind: ColumnKind, cell: PdfCell): void => void (out[kind] ??= []).push(cell);
  const has = (kind: ColumnKind): boolean => table.columns.some((k) => k.kind === kind) && !out[kind];
  const perChar = (c.xEnd - c.x) / Math.max(1, c.text.length);
  let start = 0; // characters of c.text already given away, from the left
  let end = c.text.length; // … and from the right
  const part = (from: number, to: number): PdfCell => ({ x: c.x + from * perChar, xEnd: c.x + to * perChar, text: c.text.slice(from, to).trim() });
  if (sliceAt(table, c.x).kind === 'date' && has('date')) {
    for (const kind of ['date', 'posted'] as const) {
      if (!has(kind)) break;
      const m = /^\s*(\S+)\s+/.exec(c.text.slice(start));
      if (!m || !readDate(m[1]!, table.lang)) break;
      add(kind, part(start, start + m[0].length));
      start += m[0].length;
    }
    if (out.date && has('amount') && sliceAt(table, rightEdge(c)).kind === 'amount') {
      const m = /\s+((?:[-−△▲]\s*)?\S+(?:\s*(?:CR|DR|円))?)\s*$/i.exec(c.text.slice(start));
      if (m && AMOUNT_LIKE.test(norm(m[1]!))) {
        end = start + m.index;
        add('amount', part(end, c.text.length));
      }
    }
  }
  if (start === 0 && end === c.text.length) {
    add(columnOf(table, c).kind, c);
    return;
  }
  const rest = part(start, end);
  if (rest.text === '') return;
  const kind = columnOf(table, rest).kind;
  add(kind === 'date' || kind === 'posted' || kind === 'amount' ? 'description' : kind, rest);
}

const joined = (cells: PdfCell[] | undefined): string => (cells ?? []).map((c) => c.text).join(' ');

// ---------- dates ----------

interface DayMonth {
  year: number | null;
  month: number;
  day: number;
}

/** A date cell as printed; `year` null for `12月15日`, `12/15`. Japanese `25/12/15` is Y/M/D, English `12/15/25` M/D/Y. */
function readDate(raw: string, lang: Lang): DayMonth | null {
  const s = raw.normalize('NFKC').replace(/\s+/g, '');
  let m = /^(\d{4})[/.\-年](\d{1,2})[/.\-月](\d{1,2})日?$/.exec(s);
  if (m) return checked(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/.exec(s);
  if (m && lang === 'en') return checked(year2(m[3]!), +m[1]!, +m[2]!);
  m = /^(\d{2})[/.](\d{1,2})[/.](\d{1,2})$/.exec(s);
  if (m && lang === 'jp') return checked(2000 + +m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[/.](\d{1,2})$/.exec(s) ?? /^(\d{1,2})月(\d{1,2})日$/.exec(s);
  if (m) return checked(null, +m[1]!, +m[2]!);
  return null;
}

const year2 = (y: string): number => (y.length === 2 ? 2000 + +y : +y);

function checked(year: number | null, month: number, day: number): DayMonth | null {
  // Without a year, 2/29 is checked against a leap year; the full date is checked again later.
  return parseDate(`${year ?? 2024}/${month}/${day}`) ? { year, month, day } : null;
}

const iso = (y: number, m: number, d: number): string | null => parseDate(`${y}/${m}/${d}`);

/** The month a statement's year-less dates are counted back from. */
interface Reference {
  year: number;
  month: number;
  /** What it was read from, for messages. */
  source: string;
}

/**
 * The year of a year-less date: the reference's year, or the year before for months after the
 * reference month (a statement never lists days after its own end). With a closing date of
 * 2026-01-15, `12月20日` is 2025-12-20 and `1月3日` 2026-01-03.
 */
function withYear(d: DayMonth, ref: Reference | null): string | null {
  if (d.year !== null) return iso(d.year, d.month, d.day);
  if (!ref) return null;
  return iso(d.month > ref.month ? ref.year - 1 : ref.year, d.month, d.day);
}

const JP_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const EN_DATE = /(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})/i;

/** The first full date in a piece of summary text (`2026年1月15日`, `2026/01/15`, `01/15/26`, `January 15, 2026`). */
function dateIn(text: string): { iso: string; end: number } | null {
  const jp = JP_DATE.exec(text);
  const en = EN_DATE.exec(text);
  const first = jp && en ? (jp.index <= en.index ? jp : en) : (jp ?? en);
  if (!first) return null;
  let d: string | null;
  if (first === jp) d = first[1] ? iso(+first[1], +first[2]!, +first[3]!) : iso(+first[4]!, +first[5]!, +first[6]!);
  else if (first[1]) d = iso(year2(first[3]!), +first[1], +first[2]!);
  else d = iso(+first[6]!, MONTHS.indexOf(first[4]!.slice(0, 3).toLowerCase()) + 1, +first[5]!);
  return d ? { iso: d, end: first.index + first[0].length } : null;
}

const PERIOD_LABEL = /(?:ご?利用期間|対象期間|明細期間|ご利用対象期間|statement period|billing period|billing cycle|opening\/closing date)\s*[:：]?\s*/i;
// `Opening/Closing Date a - b` is a period, not a closing date.
const CLOSING_LABEL = /(?:締切日|締め日|締日|お締め日|(?<!opening\/)closing date|statement date)\s*[:：]?\s*/i;
const CLOSING_AFTER = /(?:締切分|締め分|締切)/;
const PAYMENT_LABEL = /(?:お支払日|お支払い日|お支払予定日|口座振替日|お引落日|引落日|引落し日|payment due date|due date)\s*[:：]?\s*/i;

interface StatementDates {
  periodEnd: { iso: string; line: number } | null;
  closing: { iso: string; line: number } | null;
  payment: { iso: string; line: number } | null;
}

/** Period, closing and payment dates wherever the pages print them (first of each wins). */
function statementDates(texts: readonly string[]): StatementDates {
  const out: StatementDates = { periodEnd: null, closing: null, payment: null };
  texts.forEach((text, i) => {
    const line = i + 1;
    let m: RegExpExecArray | null;
    if (!out.periodEnd && (m = PERIOD_LABEL.exec(text))) {
      const rest = text.slice(m.index + m[0].length);
      const from = dateIn(rest);
      const to = from ? dateIn(rest.slice(from.end)) : null;
      if (to) out.periodEnd = { iso: to.iso, line };
    }
    if (!out.closing && (m = CLOSING_LABEL.exec(text))) {
      const d = dateIn(text.slice(m.index + m[0].length));
      if (d) out.closing = { iso: d.iso, line };
    }
    if (!out.closing && (m = CLOSING_AFTER.exec(text))) {
      // `2025年 8月19日締切分`: the date comes before the word.
      const before = text.slice(0, m.index);
      const all = [...before.matchAll(new RegExp(JP_DATE.source, 'g'))];
      const last = all[all.length - 1];
      const d = last ? dateIn(last[0]) : null;
      if (d) out.closing = { iso: d.iso, line };
    }
    if (!out.payment && (m = PAYMENT_LABEL.exec(text))) {
      const d = dateIn(text.slice(m.index + m[0].length));
      if (d) out.payment = { iso: d.iso, line };
    }
  });
  return out;
}

// ---------- amounts ----------

/**
 * An amount cell in minor units: what `parseAmount` reads (commas, ￥/¥/円/$, △/▲, leading or
 * trailing `-`, parentheses) plus what statements add: a `CR` suffix for credits, `DR` for
 * debits, and reduced-tax-rate markers `※`, `(*)`, `*` after the number (§16).
 */
function readAmount(raw: string, currency: string): { ok: true; value: number } | { ok: false; reason: string } {
  let s = raw.normalize('NFKC').trim().replace(/\s*(?:※|\(\*\)|\*)$/, '');
  let credit = false;
  const cr = /^(.*?)\s*(cr|dr)\.?$/i.exec(s);
  if (cr) {
    credit = cr[2]!.toLowerCase() === 'cr';
    s = cr[1]!;
  }
  const r = parseAmount(s.replace(/\s+/g, ''), currency);
  if (!r.ok) return { ok: false, reason: r.reason };
  return { ok: true, value: credit ? -Math.abs(r.minor) : r.minor };
}

/** Amount-like text anywhere in a label line (`今回ご請求額 45,210円`, `New Balance $1,234.56`). */
const AMOUNT_TOKEN = /(?:[-−△▲]\s*)?\(?[¥$£€]?\s*[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?(?:\s*(?:円|CR\b))?|(?:[-−△▲]\s*)?\(?[¥$£€]?\s*[-−]?\d+(?:\.\d+)?\)?(?:\s*(?:円|CR\b))?/i;
const DATES_ANYWHERE = new RegExp(`${JP_DATE.source}|\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日|\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?`, 'g');

function amountAfter(text: string, currency: string): number | null {
  // Dates on the same line (`(2026年2月10日お支払分)`) are not the amount.
  const s = text.normalize('NFKC').replace(DATES_ANYWHERE, ' ');
  const m = AMOUNT_TOKEN.exec(s);
  if (!m) return null;
  const r = readAmount(m[0], currency);
  return r.ok ? r.value : null;
}

// ---------- foreign currency ----------

interface Foreign {
  originalAmount: number;
  originalCurrency: string;
  fxRate: string | null;
}

const CODE_FIRST = /\b([A-Z]{3})\s*(\d[\d,]*(?:\.\d+)?)/;
const CODE_AFTER = /(\d[\d,]*(?:\.\d+)?)\s*([A-Z]{3})\b/;
const RATE = /(?:@|(?:換算|変換)?レート|exchange rate|rate)\s*[:：/／]?\s*(\d+(?:\.\d+)?)/i;

function minorOf(num: string, code: string): number | null {
  const p = parseAmount(num, code);
  if (p.ok) return p.minor;
  // More decimals than the currency has (Rakuten prints 9.990 USD): round half away from zero.
  const n = Number(num.replace(/,/g, ''));
  return Number.isFinite(n) ? Math.round(n * 10 ** minorUnits(code)) : null;
}

/**
 * Foreign-currency detail as statements print it: `USD 10.00 換算レート 152.30`, `10.00 USD @ 152.30`,
 * `10.00 USD 152.300` (Vpass memo), `現地利用額 9.99 USD 変換レート 151.351円`. Null when no
 * amount with a real ISO code is found.
 */
export function readForeign(text: string): Foreign | null {
  const s = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const a = CODE_FIRST.exec(s);
  const b = CODE_AFTER.exec(s);
  const candidates = [
    a && isCurrencyCode(a[1]!) ? { index: a.index, code: a[1]!, num: a[2]! } : null,
    b && isCurrencyCode(b[2]!) ? { index: b.index, code: b[2]!, num: b[1]! } : null,
  ].filter((c) => c !== null);
  candidates.sort((x, y) => x.index - y.index);
  const first = candidates[0];
  if (!first) return null;
  const minor = minorOf(first.num, first.code);
  if (minor === null) return null;
  // Without a rate word, the number right after the code is the rate (Vpass `10.00 USD 152.300`).
  const fxRate = RATE.exec(s)?.[1] ?? foreignFromText(s)?.fxRate ?? null;
  return { originalAmount: minor, originalCurrency: first.code, fxRate };
}

/** A cell or line that is nothing but foreign-currency detail (so never a description). */
const FOREIGN_ONLY = /^(?:現地(?:利用|通貨)額\s*[:：]?\s*)?(?:[A-Z]{3}\s*\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s*[A-Z]{3})(?:\s*(?:@|(?:換算|変換)?レート|exchange rate|rate)?\s*[:：/／]?\s*\d+(?:\.\d+)?\s*円?)?(?:\s+\d{2}\s+\d{2})?$/i;

function foreignOnly(text: string): Foreign | null {
  const s = norm(text);
  return FOREIGN_ONLY.test(s) ? readForeign(s) : null;
}

// ---------- cardholders, card digits, issuer ----------

const JP_HOLDER = /^[■●◆◇□【[]?\s*(ご利用者名?|カード会員様名|カード会員名|会員様名|ご?本会員(?:様)?名?|ご?家族会員(?:様)?名?)\s*[:：]\s*(.*)$|^[■●◆◇□【[]?\s*(カード会員様名|カード会員名|会員様名|ご?本会員(?:様)?名?|ご?家族会員(?:様)?名?)\s+(.*)$/;
// English labels need their colon: `Cardholder Agreement` in a footer is no section.
const EN_HOLDER = /^(primary card\s*member|primary cardholder|additional card\s*member|additional cardholder|authori[sz]ed user|card\s*member|card\s*holder|cardholder)\s*[:：]\s*(.*)$/i;
/** Where a holder's name ends on its section line. */
const NAME_END = /\s*(?:様|殿|カード番号|会員番号|ご利用カード|\(|（|card\s+ending|account\s+ending|ending\s+in|card\s+(?:no|number)|[0-9Xx*＊•]{4}[- ][0-9Xx*＊•])/i;

/** Card digits printed on a line: `XXXX-XXXXXX-X1234`, `****-****-****-1234`, `末尾1234`, `ending in 1234`. */
function digitsIn(text: string): string | null {
  const s = text.normalize('NFKC');
  const masked = /(?:^|[^\w])((?:[0-9Xx*•]{4})(?:[- ][0-9Xx*•]{2,6}){1,3})(?![\w*•])/.exec(s);
  if (masked && /[Xx*•]/.test(masked[1]!)) {
    const tail = /(\d{4,5})$/.exec(masked[1]!);
    if (tail) return tail[1]!.slice(-4);
  }
  const m = /(?:末尾|下4桁|下四桁)\s*[:：]?\s*(\d{4})/.exec(s) ?? /ending(?:\s+in)?\s*[:：]?\s*(\d{4,5})\b/i.exec(s) ?? /(?:card|account)\s*(?:no\.?|number|#)\s*[:：]?\s*[xX*•.\s-]*(\d{4,5})\b/i.exec(s);
  return m ? m[1]!.slice(-4) : null;
}

interface HolderLine {
  name: string;
  role: ParsedCardholder['role'] | null;
  digits: string | null;
}

function readHolderLine(text: string): HolderLine | null {
  const s = norm(text);
  const jp = JP_HOLDER.exec(s);
  const en = jp ? null : EN_HOLDER.exec(s);
  const label = jp ? (jp[1] ?? jp[3]!) : en?.[1];
  const rest = jp ? (jp[2] ?? jp[4]!) : en?.[2];
  if (label === undefined || rest === undefined) return null;
  const end = NAME_END.exec(rest);
  const name = (end ? rest.slice(0, end.index) : rest).trim();
  if (name === '' || /^\d/.test(name)) return null;
  let role: ParsedCardholder['role'] | null = null;
  if (/家族|additional|authori[sz]ed/i.test(label) || /[(（]\s*(?:ご?家族|家族会員)/.test(rest)) role = 'family';
  else if (/本会員|primary/i.test(label) || /[(（]\s*(?:ご?本人|本会員)/.test(rest)) role = 'primary';
  return { name, role, digits: digitsIn(rest) };
}

interface Issuer {
  issuer: string;
  suggestedName: string;
}

function issuerOf(texts: readonly string[], lang: Lang): Issuer {
  const all = texts.join('\n');
  if (/アメリカン・?エキスプレス|american express|アメックス/i.test(all)) {
    return lang === 'jp' ? { issuer: 'amex-jp', suggestedName: 'アメリカン・エキスプレス' } : { issuer: 'amex-us', suggestedName: 'American Express' };
  }
  if (/楽天カード/.test(all)) return { issuer: 'rakuten', suggestedName: '楽天カード' };
  if (/三井住友/.test(all)) return { issuer: 'smbc', suggestedName: '三井住友カード' };
  return { issuer: 'other', suggestedName: lang === 'jp' ? 'カード' : 'Card' };
}

/**
 * The currency an English statement names when it is not dollars: by code in words (`All amounts
 * are shown in EUR`, `Currency: GBP`), else by the sign its amounts carry (£, €).
 */
function statedCurrency(texts: readonly string[]): string | null {
  for (const t of texts) {
    const m = /(?:amounts?\s+(?:are\s+)?(?:shown\s+)?in|currency\s*[:：]?)\s*([A-Z]{3})\b/i.exec(t);
    if (m && isCurrencyCode(m[1]!.toUpperCase())) return m[1]!.toUpperCase();
  }
  const all = texts.join('\n');
  if (/£\s?\d/.test(all)) return 'GBP';
  if (/€\s?\d/.test(all)) return 'EUR';
  return null;
}

// ---------- summary lines ----------

// Not 前回ご請求金額 (last month's bill, printed in the same summary box).
const STATEMENT_TOTAL = /今回ご?請求(?:金)?額|ご請求金額合計|(?<!前回)ご請求金額|今回のお支払金額|今回お支払金額合計|お支払(?:い)?金額合計|new balance|total (?:amount )?due|balance due|statement balance/i;
const SUBTOTAL_JP = /小計|合計/;
const SUBTOTAL_EN = /^(?:sub\s*)?totals?\b/i;
/** A description that is only a subtotal or total label: such a line is no row even with a date on it. */
const SUMMARY_ONLY = /^(?:.*(?:小計|合計)|sub\s*total|total|new balance|total (?:amount )?due|balance due|statement balance|今回ご?請求(?:金)?額|ご請求金額)\s*[:：]?$/i;
/** Fee and interest totals (US statements) sum other things than the rows: never checked. */
const NOT_ROW_SUMS = /fees?|interest|利息|手数料/i;
/**
 * How far below a row its continuation (foreign detail, the rest of a long name) can be: statement
 * type is 7–10 pt, so that is within about two lines; page footers sit much further down.
 */
const NEAR = 24;
const PAGE_MARK = /^(?:-\s*\d+\s*-|\d+\s*\/\s*\d+\s*(?:ページ|頁)?|(?:page|p\.)\s*\d+(?:\s*(?:of|\/)\s*\d+)?|\d+\s*(?:ページ|頁)(?:\s*目)?)$/i;

function isSubtotal(cells: readonly PdfCell[]): boolean {
  return cells.some((c) => {
    const s = norm(c.text);
    return SUBTOTAL_JP.test(s) || SUBTOTAL_EN.test(s);
  });
}

/** Which rows the printed totals cover, and with which amount (see `parsePdfStatement`). */
const covered = (r: ParsedRow): boolean => r.kind !== 'payment';
const billed = (r: ParsedRow): number => r.billedAmount ?? r.amount;

// ---------- the statement ----------

export function parsePdfStatement(lines: readonly PdfLine[], options: PdfStatementOptions): ParsedStatement | null {
  const firstHeader = lines.findIndex((l) => readHeader(l) !== null);
  if (firstHeader === -1) return null;
  const lang = readHeader(lines[firstHeader]!)!.lang;
  const texts = lines.map((l) => norm(l.text));

  // The card's currency decides how amounts parse (JPY has no decimals), so it comes first.
  const headerCurrency = readHeader(lines[firstHeader]!)!.currency;
  const currency = lang === 'jp' ? 'JPY' : (headerCurrency ?? statedCurrency(texts) ?? 'USD');

  const dates = statementDates(texts);
  const refDate = dates.periodEnd ?? dates.closing ?? dates.payment;
  const fileMonth = monthFromFileName(options.fileName);
  const ref: Reference | null = refDate
    ? { year: +refDate.iso.slice(0, 4), month: +refDate.iso.slice(5, 7), source: `line ${refDate.line}` }
    : fileMonth
      ? { year: +fileMonth.slice(0, 4), month: +fileMonth.slice(5, 7), source: 'the file name' }
      : null;

  const rows: ParsedRow[] = [];
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  /** Text of every line that is not a transaction: where the issuer and card digits are read. */
  const otherText: string[] = [];

  const holders = new Map<string, ParsedCardholder>();
  let current: ParsedCardholder | null = null;
  let currentSince = -1; // index of the section line that set `current`
  const rowHolder = holderColumn();

  let table: Table | null = null;
  let last: { row: ParsedRow; index: number; page: number; y: number } | null = null;
  let printedTotal: { value: number; label: string; line: number } | null = null;
  let missingYear = false;

  // Running sums for subtotal checks: since the last subtotal, within the cardholder section, overall.
  let sinceSubtotal = 0;
  let sectionSum = 0;
  let overall = 0;

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const line = i + 1;
    const text = texts[i]!;

    const header = readHeader(l);
    if (header) {
      table = header;
      last = null;
      continue;
    }

    const h = readHolderLine(text);
    if (h) {
      otherText.push(text);
      const known = holders.get(h.name);
      if (known) {
        known.lastDigits ??= h.digits;
        current = known;
      } else {
        // Unlabelled: the first such section is the principal member's, later ones family cards.
        const role = h.role ?? ([...holders.values()].some((x) => x.role === 'primary') ? 'family' : 'primary');
        current = holder(h.name, role, h.digits);
        holders.set(h.name, current);
      }
      currentSince = i;
      sectionSum = 0;
      last = null;
      continue;
    }

    // Where the line falls in the table, if one has started.
    const cells: Cells = table ? split(table, l) : {};
    const dateText = joined(cells.date);
    // Text in the amount column that is no number (a page mark drawn there) is no amount.
    const amountText = AMOUNT_LIKE.test(norm(joined(cells.amount))) ? joined(cells.amount) : '';
    const day = table && dateText ? readDate(dateText, table.lang) : null;
    // A date and an amount make a row, whatever words the merchant name holds (`TOTAL WINE & MORE`,
    // `NEW BALANCE ATHLETICS`); only a description that is nothing but a total's label is none.
    const rowLike = day !== null && amountText !== '' && !SUMMARY_ONLY.test(norm(joined(cells.description)));

    if (!rowLike) {
      // Statement total: the first one printed, wherever (usually the page-1 summary box).
      const total = STATEMENT_TOTAL.exec(text);
      if (total) {
        otherText.push(text);
        if (!printedTotal) {
          const value = amountAfter(text.slice(total.index + total[0].length), currency);
          if (value !== null) printedTotal = { value, label: total[0], line };
        }
        continue;
      }

      if (!table || PAGE_MARK.test(text)) {
        otherText.push(text);
        // `Card ending 1001` on its own line right under a cardholder line.
        if (current && current.lastDigits === null && currentSince === i - 1) current.lastDigits = digitsIn(text);
        continue;
      }

      // Subtotals are never rows.
      if (isSubtotal(l.cells)) {
        otherText.push(text);
        if (!NOT_ROW_SUMS.test(text)) {
          const value = amountText ? readAmount(amountText, currency) : null;
          const printed = value?.ok ? value.value : amountAfter(text.replace(/^.*?(?:小計|合計|total)/i, ''), currency);
          // A subtotal may cover the rows since the last one, the cardholder's section or everything
          // so far (a grand total after section subtotals): a match with any of them is fine.
          if (printed !== null && printed !== sinceSubtotal && printed !== sectionSum && printed !== overall) {
            const money = (n: number): string => formatMoney(n, currency, 'en');
            warnings.push({ line, message: `the subtotal on line ${line} is ${money(printed)}, but the rows above it add up to ${money(sinceSubtotal)}; a row may be missing` });
          }
        }
        sinceSubtotal = 0;
        last = null;
        continue;
      }
    }

    if (table && day && rowLike) {
      const amount = readAmount(amountText, currency);
      if (!amount.ok) {
        errors.push({ line, message: `amount: ${amount.reason}` });
        continue;
      }
      const date = withYear(day, ref);
      if (!date) {
        if (!ref) missingYear = true;
        // Only a year-less 2月29日 gets here: it does not exist in the year the statement implies.
        else errors.push({ line, message: `date: "${dateText.slice(0, 40)}" does not exist in the year taken from ${ref.source}` });
        continue;
      }
      let posted: string | null = null;
      const postedText = joined(cells.posted);
      if (postedText) {
        const p = readDate(postedText, table.lang);
        posted = p ? withYear(p, ref) : null;
      }
      // A description may come as several cells (a gap inside it); a trailing cell that is only
      // foreign-currency detail is that, not part of the merchant name.
      const descCells = [...(cells.description ?? [])];
      const detail: string[] = [];
      let foreign: Foreign | null = null;
      while (descCells.length > 1) {
        const f = foreignOnly(descCells[descCells.length - 1]!.text);
        if (!f) break;
        foreign ??= f;
        detail.unshift(descCells.pop()!.text);
      }
      const memo = joined(cells.memo);
      if (!foreign && memo) foreign = readForeign(memo);
      const description = joined(descCells);
      let billedAmount: number | null = null;
      const billedText = joined(cells.billed);
      if (billedText) {
        const b = readAmount(billedText, currency);
        if (b.ok) billedAmount = b.value === amount.value ? null : b.value;
        else warnings.push({ line, message: `billed amount: ${b.reason}` });
      }
      const details: Record<string, string> = { page: String(l.page) };
      if (foreign) details.foreign = detail.length > 0 ? detail.join(' ') : memo;
      else if (memo) details.memo = memo;
      const row = makeRow({
        line,
        date,
        postedDate: posted,
        description,
        amount: amount.value,
        currency,
        cardholder: rowHolder(joined(cells.holder)) ?? current,
        paymentPlan: cells.plan ? paymentPlan(joined(cells.plan)) : null,
        billedAmount,
        details,
      });
      if (foreign) applyForeign(row, foreign);
      rows.push(row);
      last = { row, index: i, page: l.page, y: l.y };
      if (covered(row)) {
        sinceSubtotal += billed(row);
        sectionSum += billed(row);
        overall += billed(row);
      }
      continue;
    }

    // A line under a row with no date and no amount: foreign detail or the rest of its text.
    const follows = last !== null && last.index === i - 1 && last.page === l.page && last.y - l.y <= NEAR;
    if (!day && !amountText) {
      const f = foreignOnly(l.text);
      if (follows && f && last!.row.originalCurrency === null) {
        applyForeign(last!.row, f);
        (last!.row.details ??= {}).foreign = norm(l.text);
        last!.index = i; // a note may still follow
        last!.y = l.y;
        continue;
      }
      if (follows && l.cells.every((c) => columnOf(table!, c).kind === 'description')) {
        const details = (last!.row.details ??= {});
        details.note = details.note ? `${details.note} / ${norm(l.text)}` : norm(l.text);
        last!.index = i;
        last!.y = l.y;
        continue;
      }
      otherText.push(text);
      if (current && current.lastDigits === null && currentSince === i - 1) current.lastDigits = digitsIn(text);
      continue;
    }

    otherText.push(text);
    // Half a row: worth telling the user, since the total will not add up without it.
    const desc = joined(cells.description);
    if (day && !amountText && desc) warnings.push({ line, message: `skipped a line with a date but no amount: "${desc.slice(0, 40)}"` });
    else if (!day && amountText && desc) warnings.push({ line, message: `skipped a line with an amount but no date: "${desc.slice(0, 40)}"` });
  }

  if (missingYear) {
    errors.unshift({ line: null, message: 'the dates have no year and the statement prints no period, closing or payment date to take it from' });
  }

  const digits = [...holders.values()].map((x) => x.lastDigits).filter((d): d is string => d !== null);
  for (const t of otherText) {
    const d = digitsIn(t);
    if (d && !digits.includes(d)) digits.push(d);
  }
  const primary = [...holders.values()].find((x) => x.role === 'primary' && x.lastDigits !== null)?.lastDigits ?? digits[0] ?? null;
  const card: CardHint = { ...issuerOf(otherText, lang), lastDigits: primary, currency };
  const others = digits.filter((d) => d !== primary);
  if (others.length > 0) card.otherDigits = others;

  // The printed total is what this statement bills for new activity: purchases, refunds, fees
  // (and any other charges), each by what is billed now (an instalment's share, not the whole
  // purchase). Payments are left out: they settle the previous statement, whose balance is
  // assumed paid in full (a carried-over balance shows up as a mismatch, which is the point).
  const computed = rows.filter(covered).reduce((s, r) => s + billed(r), 0);
  const totalOut: StatementTotal | null = printedTotal ? { printed: printedTotal.value, computed, label: `${printedTotal.label} (line ${printedTotal.line})` } : null;

  if (rows.length === 0 && errors.length === 0) {
    errors.push({ line: firstHeader + 1, message: 'the PDF has a transactions table header but no transaction rows' });
  }
  return {
    format: lang === 'jp' ? 'pdf-jp' : 'pdf-en',
    // A statement with any error is rejected whole, as the CSV formats do.
    rows: errors.length > 0 ? [] : rows,
    card,
    total: totalOut,
    statementMonth: dates.payment ? dates.payment.iso.slice(0, 7) : fileMonth,
    errors,
    warnings,
  };
}

function applyForeign(row: ParsedRow, f: Foreign): void {
  row.originalCurrency = f.originalCurrency;
  // Printed unsigned; a refund's original amount is negative like its card amount.
  row.originalAmount = row.amount < 0 ? -Math.abs(f.originalAmount) : Math.abs(f.originalAmount);
  row.fxRate = f.fxRate;
}

/** 利用者 column cells (`本人`, `家族`, `ETC`, or a name), one holder object per distinct text. */
function holderColumn(): (raw: string) => ParsedCardholder | null {
  const seen = new Map<string, ParsedCardholder>();
  return (raw) => {
    const text = norm(raw);
    if (text === '') return null;
    let h = seen.get(text);
    if (!h) seen.set(text, (h = holder(text, cardholderRole(text, { prefix: true }))));
    return h;
  };
}
