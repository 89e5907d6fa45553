/** A real import in its own process, for the crash tests: `tsx import-child.ts <data dir> <file>`. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openCore } from '../../src/services/app';
import { MemorySettings } from '../../src/services/settings';

const [dataDir, file] = process.argv.slice(2) as [string, string];
const core = openCore({ dataDir, settings: new MemorySettings(), mode: 'cli' });
process.stdout.write('ready\n');
const res = await core.dispatch('import.commit', { files: [{ name: basename(file), data: new Uint8Array(readFileSync(file)) }] });
core.close();
process.stdout.write(`${JSON.stringify(res.ok ? (res.value as { files: { status: string; inserted: number }[] }).files[0] : res.error)}\n`);
