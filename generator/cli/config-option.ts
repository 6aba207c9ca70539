/** `--config FILE` on every command, and the config a command runs with (flags given on the command line win over it). */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/types.js';

export interface ConfigOption {
  config?: string;
}

const CONFIG_FLAG = '--config <file>';

/** Adds `--config` to every command that has not declared it itself. */
export function addConfigOption(program: Command): void {
  for (const command of program.commands) {
    if (command.options.some((o) => o.long === '--config')) continue;
    command.option(CONFIG_FLAG, 'config file (default: dataflow.config.ts, .mjs or .json, searched from here upwards)');
  }
}

/** The project's config: `--config FILE`, else the nearest config file, else the defaults relative to the working folder. */
export async function commandConfig(options: ConfigOption): Promise<ResolvedConfig> {
  // Loaded on use: commands that need no config do not pay for the loader.
  const { loadConfig } = await import('../config/load-config.js');
  return loadConfig(options.config === undefined ? {} : { file: options.config });
}

/** A path flag (relative to the working folder) when given, else the config's (already absolute). */
export function flagOr(flag: string | undefined, fromConfig: string): string {
  return flag === undefined ? fromConfig : resolve(flag);
}
