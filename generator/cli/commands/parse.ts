/** `dataflow parse`: placeholder until the command is built. */
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('not built yet')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('parse is not built yet');
    });
}
