/** Synthetic statement files for benchmarks (and large-file tests). */
import { encodeCp932 } from '../tests/support/cp932';

const SHOPS = ['セブン－イレブン　千代田店', 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ', 'ＪＲ東日本　モバイルＳｕｉｃａ', 'スターバックス　東京都　渋谷区', 'EXAMPLE CLOUD SERVICES', '髙島屋　日本橋店', 'ローソン　新宿店', 'ﾃｽﾄﾏｰﾄ'];
const HOLDERS = [
  ['TARO YAMADA', '-12345'],
  ['HANAKO YAMADA', '-54321'],
];

/** An Amex-Japan current-layout CSV (CP932, CRLF) with `rows` purchases; `salt` changes one row. */
export function amexJpCsv(rows: number, salt = 0): Uint8Array {
  // Encoded in blocks of lines so a million-row file never exists as one giant JS string.
  const blocks: Uint8Array[] = [encodeCp932('ご利用日,データ処理日,ご利用内容,カード会員様名,会員番号 #,金額,海外通貨利用金額,換算レート\r\n')];
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const day = Date.UTC(2020, 0, 1) + (i % 1800) * 86_400_000;
    const d = new Date(day).toISOString().slice(0, 10).replace(/-/g, '/');
    const p = new Date(day + 86_400_000).toISOString().slice(0, 10).replace(/-/g, '/');
    const amount = 100 + ((i * 37 + (i === 0 ? salt : 0)) % 50_000);
    const [name, no] = HOLDERS[i % 7 === 0 ? 1 : 0]!;
    const shown = amount >= 1000 ? `"${amount.toLocaleString('en-US')}"` : String(amount);
    lines.push(`${d},${p},${SHOPS[i % SHOPS.length]} ${i % 997},${name},${no},${shown},,\r\n`);
    if (lines.length === 10_000 || i === rows - 1) {
      blocks.push(encodeCp932(lines.join('')));
      lines = [];
    }
  }
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
