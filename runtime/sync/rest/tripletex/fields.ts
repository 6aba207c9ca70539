/**
 * Tripletex `fields` from mapped dot paths (`deliveryAddress.city` ->
 * `deliveryAddress(id,city)`), and the partial PUT body of changed paths,
 * carrying `id` and `version` read at diff time so a stale write is refused (409).
 */
import type { AnyRecord, PathSpec } from '../../../flow.js';

interface Tree {
  [key: string]: Tree;
}

/**
 * `id,version,changes(timestamp),...` always: every write needs id and
 * version, and the change history's times are the only record of when it last
 * changed ("newer wins"); nested objects get their `id` so a PUT can name them.
 */
export function fieldsOf(paths: readonly (readonly string[])[], extra: readonly string[] = []): string {
  const root: Tree = Object.create(null) as Tree;
  const add = (tree: Tree, key: string): Tree => (tree[key] ??= Object.create(null) as Tree);
  add(root, 'id');
  add(root, 'version');
  add(add(root, 'changes'), 'timestamp');
  for (const field of extra) add(root, field);
  for (const path of paths) {
    let tree = root;
    path.forEach((segment, i) => {
      tree = add(tree, segment);
      if (i < path.length - 1) add(tree, 'id');
    });
  }
  return render(root);
}

function render(tree: Tree): string {
  return Object.keys(tree)
    .map((key) => {
      const sub = tree[key]!;
      const inner = Object.keys(sub).length > 0 ? `(${render(sub)})` : '';
      // A nested object asked for by itself gets its own fields, not just a reference.
      return key + inner;
    })
    .join(',');
}

function own(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function set(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The PUT body: `id`, the `version` the record had when it was read, and the
 * changed paths with the ids of the objects they pass through (a changed
 * `deliveryAddress.city` updates that address, not a new one).
 */
export function partialBody(record: AnyRecord, changed: readonly PathSpec[]): AnyRecord {
  const body: AnyRecord = {};
  if (record.id !== undefined) body.id = record.id;
  if (record.version !== undefined) body.version = record.version;
  for (const spec of changed) {
    let source: unknown = record;
    let target: Record<string, unknown> = body;
    spec.path.forEach((segment, i) => {
      source = own(source, segment);
      if (i === spec.path.length - 1) {
        set(target, segment, source === undefined ? null : source);
        return;
      }
      let next = own(target, segment) as Record<string, unknown> | undefined;
      if (typeof next !== 'object' || next === null) {
        next = {};
        const id = own(source, 'id');
        if (id !== undefined) next.id = id;
        set(target, segment, next);
      }
      target = next;
    });
  }
  return body;
}
