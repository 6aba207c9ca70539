/**
 * The one entry point generated modules import (`dataflow/runtime`): types of
 * a generated flow plus the path and conversion helpers they call.
 */
export type * from './flow.js';
