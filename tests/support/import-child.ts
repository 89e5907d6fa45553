/**
 * A real import in its own process, for the crash tests:
 *   tsx import-child.ts <data dir> <file> [--linger MS] [--hold PHASE]
 * It reports each phase on stdout as it enters it, one line each, written synchronously (so a
 * line is out before the work it announces starts):
 *   loaded     the code is loaded; nothing is open yet
 *   ready      the data folder is open (start-up recovery done)
 *   reading    the file is parsed and checked (nothing written yet)
 *   writing    the statement file is in the library and the transaction is writing rows
 *   committed  the transaction has committed
 *   closed     the ledger is closed; the process exits
 * `--linger MS`: stay open that long after the commit, as the app does after an import.
 * `--hold PHASE`: on entering PHASE, wait for a line on stdin before going on (the test then acts
 * while the import is exactly there; `--hold loaded` lets a test start the next child early).
 * `--parse-worker FILE`: a big file is parsed in that parser thread while the rows are written.
 * The import's result goes to stderr, with the path it took (`parallel`).
 */
import { readFileSync, readSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../../src/services/app';
import { lastParallelOutcome, startParseWorker, useParseWorker } from '../../src/services/import-parallel';
import { commitImport } from '../../src/services/imports';
import { MemorySettings } from '../../src/services/settings';
import type { ImportProgress } from '../../src/shared/api/contract';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { linger: { type: 'string' }, hold: { type: 'string' }, 'parse-worker': { type: 'string' } } });
const [dataDir, file] = positionals as [string, string];

const said = new Set<string>();
function phase(name: string) {
  if (said.has(name)) return;
  said.add(name);
  writeSync(1, `${name}\n`);
  if (values.hold === name) {
    // Blocks this (synchronous) import right here until the test says go.
    const buf = Buffer.alloc(16);
    readSync(0, buf, 0, buf.length, null);
  }
}

phase('loaded');
const core = openCore({ dataDir, settings: new MemorySettings(), mode: 'cli' });
const data = new Uint8Array(readFileSync(file));
phase('ready');
const onProgress = (p: ImportProgress) => phase(p.phase === 'writing' ? 'writing' : 'reading');
const req = { files: [{ name: basename(file), data }] };
// Without a parser thread (a bundle has none beside it) every import is sequential.
useParseWorker(values['parse-worker'] ?? null);
if (values['parse-worker']) await startParseWorker();
const res = commitImport({ database: core.database, dataDir, settings: core.settings, onProgress }, req);
phase('committed');
await new Promise((r) => setTimeout(r, Number(values.linger ?? 0)));
core.close();
phase('closed');
writeSync(2, `${JSON.stringify({ ...res.files[0], parallel: lastParallelOutcome() })}\n`);
