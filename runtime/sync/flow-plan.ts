/**
 * What the engine precomputes about a flow once: the distinct property paths
 * on each side (the snapshot columns), and per property row which way it may
 * be written.
 */
import type { FlowDefinition, PathSpec, PropertyBinding } from '../flow.js';
import { createReader, type Reader } from './reader.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFlow = FlowDefinition<any, any>;

export interface BindingPlan {
  readonly binding: PropertyBinding;
  /** Index into `sourcePaths` / `targetPaths`. */
  readonly s: number;
  readonly t: number;
  /** False where the path is the record's own `id` (sync never writes an id), and for one-way rows into the source. */
  readonly writeSource: boolean;
  readonly writeTarget: boolean;
  /** Several rows write this target path (several sources feed one target). */
  readonly sharedTarget: boolean;
  /** Several rows write this source path (one source feeds several targets). */
  readonly sharedSource: boolean;
}

export interface SidePaths {
  readonly specs: readonly PathSpec[];
  readonly keys: readonly string[];
  /** `"key":` prefixes to build snapshot JSON without re-escaping keys. */
  readonly prefixes: readonly string[];
  /** A path is the record's own `id` (never written, not part of what identifies a created record). */
  readonly hasOwnId: boolean;
  /** `readPath` for each path, compiled. */
  readonly readers: readonly Reader[];
}

export interface FlowPlan {
  readonly bindings: readonly BindingPlan[];
  readonly source: SidePaths;
  readonly target: SidePaths;
}

/** The property cell as text: `phone_numbers.number (Dependant on having wd:Q17517 in phone_numbers.name)`. */
export function pathKey(spec: PathSpec): string {
  const conditions = spec.conditions.map((c) => ` (Dependant on having ${c.value} in ${c.field.join('.')})`).join('');
  return spec.path.join('.') + conditions;
}

export const isOwnId = (spec: PathSpec) => spec.path.length === 1 && spec.path[0] === 'id';

const plans = new WeakMap<AnyFlow, FlowPlan>();

export function planOf(flow: AnyFlow): FlowPlan {
  let plan = plans.get(flow);
  if (!plan) {
    plan = createFlowPlan(flow);
    plans.set(flow, plan);
  }
  return plan;
}

function createFlowPlan(flow: AnyFlow): FlowPlan {
  const source = createSide();
  const target = createSide();
  const rows = flow.properties.filter((b) => !(isOwnId(b.source) && isOwnId(b.target)));
  const indexed = rows.map((binding) => ({ binding, s: source.add(binding.source), t: target.add(binding.target) }));
  const count = (values: number[], v: number) => values.filter((x) => x === v).length;
  const ss = indexed.map((b) => b.s);
  const ts = indexed.map((b) => b.t);
  const bindings = indexed.map(({ binding, s, t }) => ({
    binding,
    s,
    t,
    writeSource: !isOwnId(binding.source) && binding.oneWay !== true,
    writeTarget: !isOwnId(binding.target),
    sharedTarget: count(ts, t) > 1,
    sharedSource: count(ss, s) > 1,
  }));
  return { bindings, source: source.done(), target: target.done() };
}

function createSide() {
  const specs: PathSpec[] = [];
  const keys: string[] = [];
  return {
    add(spec: PathSpec): number {
      const key = pathKey(spec);
      const at = keys.indexOf(key);
      if (at >= 0) return at;
      specs.push(spec);
      keys.push(key);
      return keys.length - 1;
    },
    done: (): SidePaths => ({
      specs,
      keys,
      prefixes: keys.map((k) => `${JSON.stringify(k)}:`),
      hasOwnId: specs.some(isOwnId),
      readers: specs.map(createReader),
    }),
  };
}
