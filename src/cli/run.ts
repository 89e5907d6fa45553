// Entry point of `npm run cli` and the installed `meisai` command.
import { runCli } from './commands';

runCli(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then((code) => {
  process.exitCode = code;
});
