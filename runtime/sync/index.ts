/**
 * The sync runtime's entry (`runtime/sync`): engine, state store and
 * adapters. Generated code never imports it; tools and users running a sync do.
 */
export {
  SyncAborted,
  RecordRejected,
  WriteConflict,
  MaybeCreated,
  isSyncAborted,
  isRecordRejected,
  isWriteConflict,
  isMaybeCreated,
  type SystemAdapter,
  type ListOptions,
  type ChangeCursor,
  type ChangesRequest,
  type ChangePage,
  type UpdateItem,
  type CreateResult,
  type UpdateResult,
  type SyncErrorOptions,
} from './adapter.js';
export { createMemoryAdapter, type MemoryAdapter } from './memory-adapter.js';
export { createFolderAdapter, DataFileError, isFolderAdapter, type FolderAdapter } from './folder-adapter.js';
export {
  openStateStore,
  StateFileError,
  StateLockedError,
  StateMoveError,
  type StateStore,
  type OpenOptions,
  type FlowSummary,
  type FeedState,
} from './state-store.js';
export { feedKey, type FeedReport } from './feed.js';
export { runSync, syncFlow, flowKey, type SyncOptions } from './engine.js';
export { SyncInterrupted, isSyncInterrupted } from './interrupted.js';
export { COVERAGE, coverageRowKey, createCoverageRecorder, type CoverageRecorder } from './coverage.js';
export type { FlowReport, SyncReport, RecordError, SkipReason, AmbiguousMatch, FlowPlanReport, GoneRecord } from './report.js';
export { newerSide } from './reconcile.js';
export { canonical } from './canonical.js';
export { compareIds, type RecordId } from './ids.js';
export type { AnyFlow } from './flow-plan.js';
export * from './rest/index.js';
