// Runs the CLI from the TypeScript sources (tests start it as a child process through tsx).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
