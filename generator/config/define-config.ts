/** `defineConfig`: the identity function that gives `dataflow.config.ts` its types. */
import type { DataflowConfig } from './types.js';

export function defineConfig(config: DataflowConfig): DataflowConfig {
  return config;
}
