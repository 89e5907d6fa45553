// Small helpers shared by the npm scripts (plain Node, no TypeScript needed).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Build the app when the bundles are missing or older than the sources. */
export function ensureBuilt({ force = false } = {}) {
  const marker = join(root, 'out', 'renderer', 'index.html');
  const sources = [join(root, 'src'), join(root, 'electron.vite.config.ts')];
  const stale =
    force || !existsSync(marker) || sources.some((s) => (statSync(s).isDirectory() ? newestMtime(s) : statSync(s).mtimeMs) > statSync(marker).mtimeMs);
  if (!stale) return;
  process.stderr.write('Building Meisai…\n');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write('meisai: the build failed (see above).\n');
    process.exit(r.status ?? 1);
  }
}
