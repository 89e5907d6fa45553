// `npm start`: the desktop app. Where the Electron binary cannot be had (no internet, a locked-down
// machine), say so in one line and run the same app in web mode instead — never a dead end.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, root } from './lib.mjs';

function fallBackToWeb(reason) {
  process.stderr.write(`Electron is not available here (${reason}); starting Meisai in web mode instead.\n`);
  const child = spawn(process.execPath, [join(root, 'scripts', 'web.mjs'), '--open', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

/** Resolve the Electron binary; the electron package downloads it on first use. */
function electronBinary() {
  process.stderr.write('Preparing Electron (the first start downloads it)…\n');
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.status !== 0 || !r.stdout || !existsSync(r.stdout)) return null;
  return r.stdout;
}

/**
 * better-sqlite3 is a native module. `npm install` builds it for Node (tests, CLI, web mode); the
 * desktop app needs a copy built for Electron's ABI. Build that copy once into .electron-native/
 * and hand it to the app (better-sqlite3's `nativeBinding`), leaving node_modules untouched.
 */
function electronSqliteBinding() {
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const target = join(root, '.electron-native', `electron-${electronVersion}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
  if (existsSync(target)) return target;
  process.stderr.write(`Building the SQLite module for Electron ${electronVersion} (once)…\n`);
  const work = join(root, '.electron-native', 'build');
  rmSync(work, { recursive: true, force: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
  const prebuild = join(root, 'node_modules', 'prebuild-install', 'bin.js');
  let r = spawnSync(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], { cwd: work, stdio: 'inherit' });
  if (r.status !== 0) {
    const gyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    r = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'inherit' });
  }
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');
  if (r.status !== 0 || !existsSync(built)) return null;
  mkdirSync(join(target, '..'), { recursive: true });
  copyFileSync(built, target);
  rmSync(work, { recursive: true, force: true });
  return target;
}

ensureBuilt();
const binary = electronBinary();
if (!binary) fallBackToWeb('its binary could not be downloaded');
else {
  const binding = electronSqliteBinding();
  if (!binding) fallBackToWeb('the SQLite module could not be built for it');
  else {
    const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: { ...process.env, MEISAI_SQLITE_BINDING: binding } });
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}
