// The `llorch` process entry (bin/llorch.js loads it through tsx): real stdio,
// env and SIGINT in, one exit status out (CLI-017).
import { EXIT } from './errors.js';
import { processIo } from './io.js';
import { runCli } from './program.js';

const status = await runCli(process.argv.slice(2), processIo());
process.exitCode = status;
// CLI-014: after Ctrl-C nothing is worth waiting for (a half-read stdin, idle sockets).
if (status === EXIT.interrupted) process.exit(status);
