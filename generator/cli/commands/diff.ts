/** `dataflow diff`: placeholder until the command is built. */
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('not built yet')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('diff is not built yet');
    });
}
