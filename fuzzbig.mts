import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStatementFile } from './src/core/import/detect';
const dir = 'tests/fixtures/samples';
const samples = readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => ({ name: f, b: new Uint8Array(readFileSync(join(dir, f))) }));
let seed = 12345; const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const found = new Map<string, string>();
for (let k = 0; k < 60000; k++) {
  const s = samples[rnd(samples.length)]!;
  let b = s.b.slice();
  const ops = 1 + rnd(3);
  for (let j = 0; j < ops; j++) {
    const i = rnd(b.length); const op = rnd(4);
    if (op === 0) b[i] = rnd(256);
    else if (op === 1) b = new Uint8Array([...b.subarray(0, i), ...b.subarray(i + 1)]);
    else if (op === 2) b = new Uint8Array([...b.subarray(0, i), rnd(256), ...b.subarray(i)]);
    else b = new Uint8Array([...b.subarray(0, i), 44, ...b.subarray(i)]);
  }
  const r = parseStatementFile(b, { defaultCurrency: 'JPY', fileName: s.name });
  if (!r.ok) for (const e of r.errors) if (/internal error/.test(e.message)) { const key = r.format + ': ' + e.message.slice(0, 140); if (!found.has(key)) found.set(key, s.name); }
}
for (const [k, v] of found) console.log(v, '→', k);
console.log('done', found.size);
