/**
 * Reading and writing nested values by a spec's dot path, honouring
 * "Dependant on having V in F" conditions that pick one element of a list.
 */
import type { AnyRecord, PathCondition, PathSpec } from './flow.js';

/**
 * A condition applies to the container at the depth where its field leaves the
 * value's path: `phone_numbers.number` with field `phone_numbers.name` selects
 * the `phone_numbers` element whose `name` is V; `id` with field `type` requires
 * the record's own `type` to be V. Conditions on the same field at the same depth
 * are alternatives (any value matches); different fields must all hold.
 */
interface ConditionGroup {
  field: readonly string[];
  values: string[];
}

type Plan = ConditionGroup[][];

const planCache = new WeakMap<PathSpec, Plan>();

function planOf(spec: PathSpec): Plan {
  let plan = planCache.get(spec);
  if (plan) return plan;
  plan = Array.from({ length: Math.max(spec.path.length, 1) }, () => [] as ConditionGroup[]);
  for (const condition of spec.conditions) addCondition(plan, spec.path, condition);
  planCache.set(spec, plan);
  return plan;
}

function addCondition(plan: Plan, path: readonly string[], condition: PathCondition): void {
  if (condition.field.length === 0) return; // "in  )": nothing to test
  let shared = 0;
  while (shared < condition.field.length && shared < path.length && condition.field[shared] === path[shared]) shared++;
  const depth = Math.min(shared, Math.max(path.length - 1, 0), condition.field.length - 1);
  const field = condition.field.slice(depth);
  const groups = plan[depth]!;
  const same = groups.find((g) => g.field.length === field.length && g.field.every((s, i) => s === field[i]));
  if (same) {
    if (!same.values.includes(condition.value)) same.values.push(condition.value);
  } else {
    groups.push({ field, values: [condition.value] });
  }
}

function isObject(value: unknown): value is AnyRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only: a spec path named `constructor` or `__proto__` must not reach the prototype. */
function own(container: unknown, key: string): unknown {
  return isObject(container) && Object.prototype.hasOwnProperty.call(container, key) ? container[key] : undefined;
}

/**
 * Only `__proto__` needs defineProperty (plain assignment would call the
 * prototype setter); everything else takes the much faster assignment, which
 * the sync engine does for every value it writes.
 */
function assign(container: AnyRecord, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
  else container[key] = value;
}

function getIn(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) node = own(node, key);
  return node;
}

function matchesValue(actual: unknown, expected: string): boolean {
  if (expected === '') return actual === undefined || actual === null || actual === '';
  if (typeof actual === 'string') return actual === expected;
  if (typeof actual === 'number' || typeof actual === 'boolean') return String(actual) === expected;
  return false;
}

function satisfies(node: unknown, groups: readonly ConditionGroup[]): boolean {
  return groups.every((g) => g.values.some((v) => matchesValue(getIn(node, g.field), v)));
}

/** Reads the value a property cell names, or `undefined` when it is absent or no element meets the conditions. */
export function readPath(record: unknown, spec: PathSpec): unknown {
  const plan = planOf(spec);
  let node: unknown = record;
  for (let depth = 0; depth < spec.path.length; depth++) {
    const groups = plan[depth]!;
    if (Array.isArray(node)) {
      node = groups.length > 0 ? node.find((element) => satisfies(element, groups)) : node[0];
    } else if (groups.length > 0 && !satisfies(node, groups)) {
      return undefined;
    }
    node = own(node, spec.path[depth]!);
    if (node === undefined) return undefined;
  }
  return node;
}

function setIn(node: AnyRecord, path: readonly string[], value: unknown): void {
  let container = node;
  for (let i = 0; i < path.length - 1; i++) {
    let child = own(container, path[i]!);
    if (!isObject(child)) {
      child = {};
      assign(container, path[i]!, child);
    }
    container = child as AnyRecord;
  }
  assign(container, path[path.length - 1]!, value);
}

/**
 * A new container is a list when a condition picks one of its elements by a
 * sibling field (`phone_numbers.name`), an object otherwise (also when the
 * condition only restricts the value itself).
 */
function selectsElement(groups: readonly ConditionGroup[], rest: readonly string[]): boolean {
  return groups.some((g) => g.field.length !== rest.length || g.field.some((s, i) => s !== rest[i]));
}

/** Makes `node` meet the conditions (sets the first allowed value where none is met). */
function establish(node: AnyRecord, groups: readonly ConditionGroup[]): void {
  for (const g of groups) {
    if (!g.values.some((v) => matchesValue(getIn(node, g.field), v))) setIn(node, g.field, g.values[0]);
  }
}

/**
 * Writes `value` where a property cell names it, creating the containers and
 * the list element the conditions select. Writing `undefined` removes the value
 * and creates nothing.
 */
export function writePath(record: AnyRecord, spec: PathSpec, value: unknown): void {
  const plan = planOf(spec);
  const removing = value === undefined;
  let node: unknown = record;
  for (let depth = 0; depth < spec.path.length; depth++) {
    const groups = plan[depth]!;
    let container: AnyRecord | undefined;
    if (Array.isArray(node)) {
      container = (groups.length > 0 ? node.find((e) => satisfies(e, groups)) : node[0]) as AnyRecord | undefined;
      if (!isObject(container)) {
        if (removing) return;
        container = {};
        node.push(container);
      }
    } else {
      container = node as AnyRecord;
    }
    if (groups.length > 0 && !removing) establish(container, groups);
    const key = spec.path[depth]!;
    if (depth === spec.path.length - 1) {
      if (removing) {
        if (Object.prototype.hasOwnProperty.call(container, key)) delete container[key];
      } else {
        // The condition may name the value's own field; the written value wins.
        assign(container, key, value);
      }
      return;
    }
    let child = own(container, key);
    if (child === undefined || child === null || typeof child !== 'object') {
      if (removing) return;
      child = selectsElement(plan[depth + 1]!, spec.path.slice(depth + 1)) ? [] : {};
      assign(container, key, child);
    }
    node = child;
  }
}
