// `npm run web [-- --data-dir DIR --port N --open]`: the app in a browser on 127.0.0.1.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, root } from './lib.mjs';

ensureBuilt();
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'web', 'main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
