// `npm run dist [-- --linux|--mac|--win]`: package the desktop app with electron-builder.
// electron-builder rebuilds better-sqlite3 for Electron's ABI in node_modules; afterwards it is
// rebuilt for Node so the CLI, web mode and `npm test` keep working.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, root } from './lib.mjs';

ensureBuilt({ force: true });
const builder = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-builder', 'cli.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const rebuild = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(builder.status || rebuild.status || 0);
