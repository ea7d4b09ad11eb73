// Runs the CLI from the TypeScript sources (tests start it as a child process through tsx).
import { main } from '../../src/cli/main.js';

// As bin/apkwitness.js: a closed stdout ends the command quietly with status 0.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
