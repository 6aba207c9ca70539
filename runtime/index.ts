/**
 * The one entry point generated modules import (`dataflow/runtime`): types of
 * a generated flow plus the path and conversion helpers they call.
 */
export type * from './flow.js';
export { readPath, writePath } from './paths.js';
export {
  ConversionError,
  asBoolean,
  asDatetime,
  asDecimal,
  asFloat,
  asInteger,
  asList,
  asString,
  convertValue,
  passThrough,
} from './convert.js';
export { entitySlug } from './slug.js';
export { mergeKey, type MergeKeyKind } from './merge-key.js';
export { notWritten, isNotWritten } from './not-written.js';
/** Sesam DTL: the functions generated expression rows call, and the boundary between system JSON and DTL values. */
export * as dtl from './dtl/index.js';
