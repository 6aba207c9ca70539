/** The shape of `dataflow.config.ts` (what users write) and of the config the commands use (absolute paths, defaults filled in). */
import type { ChangeKind } from '../diff/change.js';
import type { SystemAdapter } from '../../runtime/sync/adapter.js';
import type { ReadFieldType } from '../../runtime/flow.js';

export type { ReadFieldType };

/**
 * Source fields the spec does not map that predicates read: spec slug ->
 * entity as the flow titles name it (`HubSpot Deal`) -> dot path as the
 * record holds it (`properties.hs_deal_stage_probability`) -> its type.
 */
export type DeclaredFields = Record<string, Record<string, Record<string, ReadFieldType>>>;

export type OutputFormat = 'text' | 'json' | 'github';

export type LintLevel = 'off' | 'warning' | 'error';

/**
 * A breaking change the team has reviewed and accepts: `dataflow diff` still
 * shows it (as accepted) but no longer exits 1 for it. It names exactly one
 * change: its kind, the spec, the flow and, for changes to a row, the row.
 */
export interface AcceptedChange {
  /** The change kind as `diff --format json` prints it (`property-removed`, `flow-removed`, ...). */
  kind: ChangeKind;
  /** The spec's slug: its file name without the extension (`hubspot-tripletex`). */
  spec: string;
  /** The flow's title as written (the old title for a removed flow, either title for a renamed one); absent for document-level changes. */
  flow?: string;
  /**
   * For a change to a property row or merge criterion: the row as `source -> target`,
   * each side its dot path as written (`properties.email -> email`). Absent for other changes.
   */
  row?: string;
  /** Why the change is fine; shown beside it in the report. */
  reason?: string;
}

/** What a user writes in `dataflow.config.ts` (every field optional; paths relative to the config file). */
export interface DataflowConfig {
  /** Folder of spec documents (or one spec file). Default `specs`. */
  specs?: string;
  /** Output folder of the generated modules and tests. Default `generated`. */
  out?: string;
  /** User-owned folder of creation predicates, one `<spec-slug>.ts` per spec. Default `predicates`. */
  predicates?: string;
  /** Folder of template and partial overrides (`flow.ts.hbs`, `banner.hbs`, ...). Default: none. */
  templates?: string;
  /**
   * Fields the spec does not map that predicates read, so the generated record
   * types have them and the sync fetches them (never writes them):
   * `{ 'hubspot-tripletex': { 'HubSpot Deal': { 'properties.hs_deal_stage_probability': 'number' } } }`.
   */
  fields?: DeclaredFields;
  /** Output format of `parse`, `check` and `diff` when `--format` is not given. Default `text`. */
  format?: OutputFormat;
  /** `dataflow diff`: breaking changes that were reviewed and accepted. */
  diff?: { accept?: AcceptedChange[] };
  /** Real systems by the system names of the spec titles (`dataflow sync SPEC` without --left/--right). */
  systems?: Record<string, SystemAdapter>;
  /** SQLite sync state file. Default `.dataflow/state.db`. */
  state?: string;
  sync?: { fullEvery?: number };
  lint?: { rules?: Record<string, LintLevel> };
  docs?: { out?: string };
}

/** The config the commands use: every path absolute, every default filled in. */
export interface ResolvedConfig {
  /** The config file, absolute; null when none was found (defaults, relative to cwd). */
  file: string | null;
  /** The config file's folder, or the working folder when there is none. Paths in output are relative to it. */
  root: string;
  specs: string;
  out: string;
  predicates: string;
  templates: string | null;
  fields: DeclaredFields;
  format: OutputFormat;
  diff: { accept: AcceptedChange[] };
  systems: Record<string, SystemAdapter>;
  state: string;
  sync: { fullEvery?: number };
  lint: { rules: Record<string, LintLevel> };
  docs: { out?: string };
}
