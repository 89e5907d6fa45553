/**
 * Child of `npm run bench`: import one big Amex-Japan file from disk and report peak RSS as JSON.
 * The file is written by the parent, so generating it is not counted here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../src/services/app';
import { MemorySettings } from '../src/services/settings';

const file = process.argv[2]!;
const dir = mkdtempSync(join(tmpdir(), 'meisai-rss-'));
try {
  const data = readFileSync(file);
  const core = openCore({ dataDir: dir, settings: new MemorySettings(), mode: 'test', validateOutput: false });
  const t = performance.now();
  const res = await core.dispatch('import.commit', { files: [{ name: 'big.csv', data }] });
  const took = performance.now() - t;
  if (!res.ok) throw new Error(res.error.message);
  const f = (res.value as { files: { inserted: number; errors: unknown[] }[] }).files[0]!;
  core.close();
  process.stdout.write(`${JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ms: took, inserted: f.inserted, bytes: data.length })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
