// Web mode runs from TypeScript sources through tsx; a worker thread does not inherit the
// loader, so this plain-JS entry registers it and then loads the real worker module.
import { register } from 'tsx/esm/api';

register();
await import('../services/import-worker.ts');
