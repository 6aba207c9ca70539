/** `dataflow generate`: placeholder until the command is built. */
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('not built yet')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('generate is not built yet');
    });
}
