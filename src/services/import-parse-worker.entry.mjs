// The parser thread of a parallel import, run from the TypeScript sources (tsx, vitest, web mode):
// a worker thread does not inherit the loader, so this plain-JS entry registers tsx and then loads
// the real module. The desktop build bundles import-parse-worker.ts itself instead.
import { register } from 'tsx/esm/api';

register();
await import('./import-parse-worker.ts');
