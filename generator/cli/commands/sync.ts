/** `dataflow sync`: placeholder until the command is built. */
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('not built yet')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('sync is not built yet');
    });
}
