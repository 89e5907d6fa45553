// The worker of import-sandbox.ts. Tests run from TypeScript sources: a worker thread does not
// inherit the loader, so this plain-JS entry registers tsx and then loads the real worker module.
import { register } from 'tsx/esm/api';

register();
await import('./import-sandbox-worker.ts');
