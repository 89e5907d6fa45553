// `npm test`: unit, integration and end-to-end tiers, then one closing line `N passed, N failed`.
// The end-to-end tier needs Debian's Chromium and a CJK font; on a fresh Debian/Ubuntu machine
// where we are root they are installed here, otherwise the command to run is printed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, root } from './lib.mjs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasCjkFont = () => spawnSync('fc-list', [':lang=ja'], { encoding: 'utf8' }).stdout?.trim().length > 0;

function ensureBrowser() {
  if (existsSync(chromium) && hasCjkFont()) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    process.stderr.write('Installing Chromium and a Japanese font for the end-to-end tests (apt-get)…\n');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-ipafont-gothic'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (!existsSync(chromium)) {
    process.stderr.write(`The end-to-end tests need Chromium at ${chromium}: run \`sudo apt-get install chromium fonts-ipafont-gothic\` (or set CHROMIUM_PATH).\n`);
  }
}

ensureBrowser();
ensureBuilt();

const out = mkdtempSync(join(tmpdir(), 'meisai-test-'));
const report = join(out, 'report.json');
const args = [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

let passed = 0;
let failed = 1; // unless the report says otherwise
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  // A test file that fails to load has no failing test of its own: count it as one failure.
  const loadErrors = (r.testResults ?? []).filter((s) => s.status === 'failed' && !s.assertionResults.some((a) => a.status === 'failed')).length;
  failed = r.numFailedTests + loadErrors;
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
if (run.status !== 0 && failed === 0) failed = 1;
rmSync(out, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);
