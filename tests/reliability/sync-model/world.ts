/**
 * The world the model-based sync test drives: two in-memory systems, a state
 * file, the bundled spec's HubSpot Product -> Tripletex Product flow (and an
 * older version of it with one row fewer), a clock, and a record of what the
 * test did to either side since the last run that completed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asFloat, readPath } from '../../../runtime/index.js';
import type { AnyRecord, FlowDefinition } from '../../../runtime/index.js';
import {
  createMemoryAdapter,
  openStateStore,
  runSync,
  SyncAborted,
  type AnyFlow,
  type FlowReport,
  type MemoryAdapter,
  type StateStore,
  type SystemAdapter,
} from '../../../runtime/sync/index.js';
import { flows } from '../../../generated/hubspot-tripletex/index.js';

export const FLOW = (flows as readonly AnyFlow[]).find((f) => f.id === 'hubspot-product-to-tripletex-product')!;
export const SCOPE = 'hubspot-tripletex';
export const KEY = `${SCOPE}/${FLOW.id}`;

/** The spec before `properties.price -> priceExcludingVatCurrency` was added: same id, one row fewer. */
export const OLD_FLOW: AnyFlow = {
  ...FLOW,
  properties: FLOW.properties.filter((p) => p.target.path[0] !== 'priceExcludingVatCurrency'),
  toTarget: (record: AnyRecord) => {
    const { priceExcludingVatCurrency: _price, ...rest } = FLOW.toTarget(record) as AnyRecord;
    return rest;
  },
  toSource: (record: AnyRecord) => {
    const source = FLOW.toSource(record) as AnyRecord;
    const properties = { ...(source.properties as AnyRecord) };
    delete properties.price;
    return { ...source, properties };
  },
};

/** The mapped fields, as the test names them: source path under `properties`, target field, whether it is a float. */
export const FIELDS = [
  { name: 'name', source: 'name', target: 'name', float: false },
  { name: 'description', source: 'description', target: 'description', float: false },
  { name: 'price', source: 'price', target: 'priceExcludingVatCurrency', float: true },
  { name: 'cost', source: 'hs_cost_of_goods_sold', target: 'costExcludingVatCurrency', float: true },
] as const;
export type FieldName = (typeof FIELDS)[number]['name'];

export interface Edit {
  side: 'source' | 'target';
  id: string | number;
  field: FieldName;
  value: unknown;
}

export class World {
  readonly dir = mkdtempSync(join(tmpdir(), 'dataflow-model-'));
  readonly left: MemoryAdapter = createMemoryAdapter({ Product: [] });
  readonly right: MemoryAdapter = createMemoryAdapter({ Product: [] });
  store: StateStore = openStateStore(join(this.dir, 'state.db'));
  flow: AnyFlow = OLD_FLOW;
  clock = 1_000;
  nextSource = 1;
  handCount = 0;
  /** Targets the test made by hand (never the sync's). */
  readonly handMade = new Set<string | number>();
  /** Targets deleted behind the sync's back. */
  readonly vanished = new Set<string | number>();
  /** Edits since the last run that completed. */
  edits: Edit[] = [];
  runs = 0;
  killed = 0;
  dryRuns = 0;
  invariantChecks = 0;

  sources(): AnyRecord[] {
    return this.left.records('Product');
  }

  targets(): AnyRecord[] {
    return this.right.records('Product');
  }

  tick(skew = 0): string {
    this.clock += 10;
    return new Date(Date.UTC(2026, 0, 1) + (this.clock + skew) * 1000).toISOString();
  }

  async run(options: { killAt?: number; dryRun?: boolean; during?: (phase: 'listed', world: World) => void } = {}): Promise<FlowReport | 'killed'> {
    const kill = createKill(options.killAt);
    const store = options.dryRun ? openStateStore(join(this.dir, 'state.db'), { readonly: true }) : this.store;
    try {
      const report = await runSync([this.flow], {
        left: kill.adapter(this.left, 'left'),
        right: kill.adapter(this.right, 'right', options.during ? () => options.during!('listed', this) : undefined),
        store: kill.store(store),
        scope: SCOPE,
        dryRun: options.dryRun === true,
        now: () => new Date(Date.UTC(2026, 0, 1) + this.clock * 1000),
      });
      return report.flows[0]!;
    } catch (error) {
      if (kill.fired()) return 'killed';
      throw error;
    } finally {
      if (options.dryRun) store.close();
    }
  }

  /** The process died: a new one opens the state file afresh. */
  reopen(): void {
    this.store.close();
    this.store = openStateStore(join(this.dir, 'state.db'));
  }

  links(): [string | number, string | number][] {
    return this.store.loadLinks(KEY).entries().map(([source, link]) => [source, link.target]);
  }

  dispose(): void {
    this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Whether a source value converts for the field (price and cost are floats). */
export function converts(field: (typeof FIELDS)[number], value: unknown): boolean {
  if (!field.float) return true;
  try {
    asFloat(value);
    return true;
  } catch {
    return false;
  }
}

export function sourceValue(record: AnyRecord, field: (typeof FIELDS)[number]): unknown {
  return readPath(record, { path: ['properties', field.source], conditions: [] });
}

/**
 * Kills the run at its `n`th step (an adapter call or a state write), as a
 * dying process would: that step and everything after it never happen.
 */
function createKill(at: number | undefined) {
  let steps = 0;
  let dead = false;
  const step = (what: string) => {
    if (dead) throw new SyncAborted(`dead (${what})`);
    if (at !== undefined && ++steps === at) {
      dead = true;
      throw new SyncAborted(`killed at step ${at} (${what})`);
    }
  };
  const reads = /^(load|is|list|get|close|transaction)/;
  return {
    fired: () => dead,
    adapter(inner: MemoryAdapter, side: string, afterList?: () => void): SystemAdapter {
      return {
        list: (entity) => {
          step(`${side}.list`);
          const records = inner.list(entity);
          afterList?.();
          return records;
        },
        lookup: (entity) => inner.lookup!(entity),
        create: (entity, values) => (step(`${side}.create`), inner.create(entity, values)),
        update: (entity, id, record, changed) => (step(`${side}.update`), inner.update(entity, id, record, changed)),
      };
    },
    store(inner: StateStore): StateStore {
      return new Proxy(inner, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver) as unknown;
          if (typeof value !== 'function') return value;
          if (typeof name !== 'string' || reads.test(name)) return (value as (...a: unknown[]) => unknown).bind(target);
          return (...args: unknown[]) => {
            step(`state.${name}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    },
  };
}

export type { FlowDefinition };
