/** The config of a dataflow project: its type, `defineConfig`, and the loader every command uses. */
export { defineConfig } from './define-config.js';
export { loadConfig, CONFIG_FILES, type LoadConfigOptions } from './load-config.js';
export { ConfigError, OUTPUT_FORMATS, defaultConfig, resolveConfig } from './resolve-config.js';
export type { AcceptedChange, DataflowConfig, DeclaredFields, LintLevel, OutputFormat, ReadFieldType, ResolvedConfig } from './types.js';
