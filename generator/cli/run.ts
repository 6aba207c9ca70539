/** Entry point of the `dataflow` binary. */
import { main } from './main.js';

// Output piped into a reader that stops early (`dataflow parse --json x | head`) closes the pipe: that is
// the reader's choice, not an error, so the command ends quietly instead of printing a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
