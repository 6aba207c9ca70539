/**
 * `dataflow dtl eval EXPR [--value JSON]` and `dataflow dtl eval --stdin`
 * (contracts.md section 5): evaluates Sesam DTL with the runtime's DTL
 * functions, values in Sesam's transit encoding both ways.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../exit-codes.js';

interface EvalOptions {
  value?: string;
  stdin?: boolean;
  cell?: boolean;
}

export function registerDtl(program: Command): void {
  const dtl = program.command('dtl').description('Sesam DTL expressions, as the data-type column of a spec uses them');
  dtl
    .command('eval')
    .description(
      'evaluate a DTL expression and print the result as JSON (transit encoding: "~f1.5" decimal, "~t2024-01-01T00:00:00Z" datetime)',
    )
    .argument('[expression]', 'the expression as JSON, e.g. \'["integer", "_."]\'')
    .option('--value <json>', 'the value of "_." (transit-encoded JSON; default null)')
    .option('--stdin', 'read JSON Lines {"expression": E, "value": V} and write one {"result": R} or {"error": "message"} per line')
    .option('--cell', 'read EXPR as a spec data-type cell: lost "[" restored, bare function names read as functions of "_."')
    .action(async (expression: string | undefined, options: EvalOptions) => {
      const { evaluateText, evaluateLine } = await import('../../dtl/eval-command.js');
      if (options.stdin) {
        if (expression !== undefined || options.value !== undefined) throw new UsageError('--stdin reads expressions and values from stdin; give no EXPR or --value');
        let bad = false;
        const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
        let number = 0;
        for await (const line of lines) {
          number++;
          if (line.trim() === '') continue;
          const out = evaluateLine(line, number, { cell: options.cell === true });
          if (out.notJson) bad = true;
          process.stdout.write(`${out.text}\n`);
        }
        process.exitCode = bad ? EXIT_USAGE : EXIT_OK;
        return;
      }
      if (expression === undefined) throw new UsageError('give an EXPR, or --stdin');
      const out = evaluateText(expression, options.value, { cell: options.cell === true });
      if ('error' in out) throw new UsageError(out.error);
      process.stdout.write(`${out.result}\n`);
      process.exitCode = EXIT_OK;
    });
}
