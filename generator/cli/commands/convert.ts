/** `dataflow convert`: placeholder until the command is built. */
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';

export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('not built yet')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('convert is not built yet');
    });
}
