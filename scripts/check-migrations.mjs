// Fails when src/services/db/schema.ts has changes without a generated migration in drizzle/.
// (`drizzle-kit check` does not notice those, so generate and look for new files.)
import { spawnSync } from 'node:child_process';
import { root } from './lib.mjs';

const gen = spawnSync('npx', ['drizzle-kit', 'generate'], { cwd: root, encoding: 'utf8' });
if (gen.status !== 0) {
  process.stderr.write(gen.stdout + gen.stderr);
  process.exit(1);
}
const st = spawnSync('git', ['status', '--porcelain', '--', 'drizzle'], { cwd: root, encoding: 'utf8' });
if (st.stdout.trim()) {
  process.stderr.write(`The schema has changes without a committed migration:\n${st.stdout}Run \`npm run db:generate\` and commit drizzle/.\n`);
  process.exit(1);
}
process.stdout.write('drizzle: schema and migrations agree.\n');
