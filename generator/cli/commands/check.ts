/** `dataflow check`: placeholder until the command is built. */
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('not built yet')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('check is not built yet');
    });
}
