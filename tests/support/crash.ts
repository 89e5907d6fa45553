/**
 * Driving import-child.ts from a test: built once into one plain JavaScript file (esbuild, which
 * tsx brings), so each child starts in well under a second instead of compiling the sources
 * through tsx every time; phases read from its stdout as they happen.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Bundles the child next to the sources (so `better-sqlite3` and `drizzle/` are found from it), and
 * beside it the parser thread of parallel imports, which the child uses when given `parseWorker`.
 */
export function buildImportChild(): { script: string; parseWorker: string; remove: () => void } {
  const dir = join(ROOT, '.tmp');
  mkdirSync(dir, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const script = join(dir, `import-child-${stamp}.mjs`);
  const parseWorker = join(dir, `import-parse-worker-${stamp}.mjs`);
  const build = (entry: string, outfile: string) => {
    const r = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'esbuild'),
      [join(ROOT, entry), '--bundle', '--platform=node', '--format=esm', '--target=node20', '--external:better-sqlite3', '--external:pdfjs-dist', `--outfile=${outfile}`, '--log-level=error'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`could not build ${entry}: ${r.stderr || r.error?.message}`);
  };
  build(join('tests', 'support', 'import-child.ts'), script);
  build(join('src', 'services', 'import-parse-worker.ts'), parseWorker);
  return {
    script,
    parseWorker,
    remove: () => {
      rmSync(script, { force: true });
      rmSync(parseWorker, { force: true });
    },
  };
}

export interface ImportChild {
  process: ChildProcess;
  /** Phases reported so far, in order, with when they arrived (ms, performance.now()). */
  phases: { name: string; at: number }[];
  /** Resolves when the child reports this phase (rejects if it exits first). */
  reached(phase: string): Promise<number>;
  /** Lets a child held at a phase (--hold) go on. */
  go(): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
}

export function startImportChild(script: string, dataDir: string, file: string, options: { linger?: number; hold?: string; parseWorker?: string } = {}): ImportChild {
  const args = [script, dataDir, file];
  if (options.linger) args.push('--linger', String(options.linger));
  if (options.hold) args.push('--hold', options.hold);
  if (options.parseWorker) args.push('--parse-worker', options.parseWorker);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const phases: { name: string; at: number }[] = [];
  const waiting = new Map<string, ((at: number) => void)[]>();
  let out = '';
  let err = '';
  let buffered = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
    buffered += b.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const name = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const at = performance.now();
      phases.push({ name, at });
      for (const w of waiting.get(name) ?? []) w(at);
      waiting.delete(name);
    }
  });
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  // Nothing is written to a child that has gone (a killed child's stdin is closed).
  child.stdin!.on('error', () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return {
    process: child,
    phases,
    reached: (phase) => {
      const seen = phases.find((p) => p.name === phase);
      if (seen) return Promise.resolve(seen.at);
      return Promise.race([
        new Promise<number>((resolve) => waiting.set(phase, [...(waiting.get(phase) ?? []), resolve])),
        exited.then(() => {
          const late = phases.find((p) => p.name === phase);
          if (late) return late.at;
          throw new Error(`the import child exited before "${phase}": ${err || out}`);
        }),
      ]);
    },
    go: () => void child.stdin!.write('go\n'),
    exited,
    stdout: () => out,
    stderr: () => err,
  };
}
