/**
 * `npm run bench`: speed and memory figures on this machine, written to docs/benchmarks.md.
 * Timings are measured here, never asserted in tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openCore } from '../src/services/app';
import { MemorySettings } from '../src/services/settings';

interface Figure {
  name: string;
  value: string;
  note?: string;
}

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);

function genericCsv(rows: number): Uint8Array {
  const shops = ['セブン－イレブン　千代田店', 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ', 'JR EAST', 'スターバックス', 'EXAMPLE CLOUD'];
  const lines = ['date,description,amount'];
  for (let i = 0; i < rows; i++) {
    const d = new Date(Date.UTC(2020, 0, 1) + (i % 1800) * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${d},${shops[i % shops.length]} ${i % 97},"${(100 + ((i * 37) % 50_000)).toLocaleString('en-US')}"`);
  }
  return new TextEncoder().encode(lines.join('\r\n') + '\r\n');
}

async function main() {
  const figures: Figure[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'meisai-bench-'));
  try {
    const data = genericCsv(ROWS);
    const core = openCore({ dataDir: dir, settings: new MemorySettings(), mode: 'test', validateOutput: false });
    let t = performance.now();
    const res = await core.dispatch('import.commit', { files: [{ name: 'bench.csv', data }] });
    const importMs = performance.now() - t;
    if (!res.ok) throw new Error(res.error.message);
    figures.push({ name: `Import ${ROWS.toLocaleString('en-US')} rows, generic CSV (decode, parse, dedup, commit)`, value: `${importMs.toFixed(0)} ms`, note: `${(data.length / 1e6).toFixed(1)} MB` });

    // The same file once more: recognised as already imported, nothing written.
    t = performance.now();
    await core.dispatch('import.commit', { files: [{ name: 'bench-again.csv', data }] });
    figures.push({ name: 'Re-import of the same file (all duplicates)', value: `${(performance.now() - t).toFixed(0)} ms` });

    t = performance.now();
    const page = await core.dispatch('transactions.list', { month: '2021-06', limit: 200 });
    if (!page.ok) throw new Error(page.error.message);
    figures.push({ name: 'One month of transactions (first 200 rows + count)', value: `${(performance.now() - t).toFixed(1)} ms` });
    core.close();

    // Baseline: a plain prepared-statement insert of the same number of rows.
    const raw = new Database(join(dir, 'baseline.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, date TEXT, description TEXT, amount INTEGER, fingerprint TEXT UNIQUE)');
    const ins = raw.prepare('INSERT INTO t (date, description, amount, fingerprint) VALUES (?, ?, ?, ?)');
    t = performance.now();
    raw.transaction(() => {
      for (let i = 0; i < ROWS; i++) ins.run('2021-01-01', `shop ${i % 97}`, i, `fp${i}`);
    })();
    const baseMs = performance.now() - t;
    raw.close();
    figures.push({ name: `Baseline: prepared INSERT of ${ROWS.toLocaleString('en-US')} rows in one transaction`, value: `${baseMs.toFixed(0)} ms` });
    figures.push({ name: 'Import time ÷ baseline', value: `${(importMs / baseMs).toFixed(1)}×` });
    figures.push({ name: 'Peak resident memory of the benchmark process', value: `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
  const table = ['| Measure | Result | Note |', '|---|---|---|', ...figures.map((f) => `| ${f.name} | ${f.value} | ${f.note ?? ''} |`)].join('\n');
  const md = `# Benchmarks\n\nMeasured by \`npm run bench\` on ${when} UTC (${machine}).\nFigures are from one run; targets live in the issues and are never asserted in tests.\n\n${table}\n`;
  writeFileSync(join(import.meta.dirname, '..', 'docs', 'benchmarks.md'), md);
  process.stdout.write(md);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
