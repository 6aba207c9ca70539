/**
 * The nested shape of an entity as its property cells describe it: dot paths
 * become nested object types, a condition that picks a list element makes its
 * container a list of elements holding the condition's field (mirroring how
 * `writePath` in the runtime builds records).
 */
import type { PathSpec, ReadFieldType, TypeKind } from '../../runtime/flow.js';
import { propertyKey } from '../naming.js';

interface Node {
  leaf: Set<string>;
  children: Map<string, Node>;
  list: boolean;
}

export interface Shape {
  add(spec: PathSpec, leafType: string): void;
  fields(): FieldView[];
}

/** One line of an interface body, ready for the template. */
export interface FieldView {
  key: string;
  /** A leaf's type (`number | null`), or the text before the nested fields (`Array<{`). */
  type: string;
  children: FieldView[] | null;
  /** The text after the nested fields (`}>`). */
  close: string;
}

/** The leaf type of a path known only from a merge criterion (no data type). */
export const WEAK_UNKNOWN = '?unknown';

const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

function createNode(): Node {
  return { leaf: new Set(), children: new Map(), list: false };
}

function child(node: Node, key: string): Node {
  let next = node.children.get(key);
  if (!next) {
    next = createNode();
    node.children.set(key, next);
  }
  return next;
}

/** The TypeScript type of a value `toTarget` produces for a data type (null passes every converter). */
export function targetTypeOf(kind: TypeKind): string {
  switch (kind) {
    case 'string':
    case 'decimal': // decimals stay strings so no digit is lost
    case 'datetime':
      return 'string';
    case 'integer':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'list':
      return 'unknown[]';
    case 'any':
    case 'expression':
      return 'unknown';
  }
}

/** The TypeScript type of a declared field's value as the predicate gets it (null: the system has no value). */
export function readFieldTsType(type: ReadFieldType): string {
  switch (type) {
    case 'string':
    case 'datetime': // ISO 8601 UTC text, as the runtime's `withReadFields` converts it
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'unknown':
      return 'unknown';
  }
}

export function createShape(): Shape {
  const root = createNode();

  function add(spec: PathSpec, leafType: string): void {
    const { path } = spec;
    if (path.length === 0) return;
    for (const condition of spec.conditions) {
      if (condition.field.length === 0) continue;
      let shared = 0;
      while (shared < condition.field.length && shared < path.length && condition.field[shared] === path[shared]) shared++;
      const depth = Math.min(shared, path.length - 1, condition.field.length - 1);
      const field = condition.field.slice(depth);
      const rest = path.slice(depth);
      let container = root;
      for (let i = 0; i < depth; i++) container = child(container, path[i]!);
      const selects = field.length !== rest.length || field.some((s, i) => s !== rest[i]);
      if (selects && depth > 0) container.list = true;
      let node = container;
      for (const key of field) node = child(node, key);
      node.leaf.add('string');
    }
    let node = root;
    for (const key of path) node = child(node, key);
    node.leaf.add(leafType);
  }

  function view(node: Node): FieldView[] {
    return [...node.children].map(([key, n]) => {
      // Every object literal inherits these from Object.prototype (`{}` has a `constructor`),
      // so any narrower type would reject plain records.
      if (INHERITED.has(key)) return { key: propertyKey(key), type: 'unknown', children: null, close: '' };
      // A merge-criterion path adds a weak `unknown` that only shows when no row types the field.
      let leaf = [...n.leaf];
      if (leaf.length > 1) leaf = leaf.filter((t) => t !== WEAK_UNKNOWN);
      leaf = leaf.map((t) => (t === WEAK_UNKNOWN ? 'unknown' : t));
      const leafText = leaf.includes('unknown') ? 'unknown' : [...leaf, 'null'].join(' | ');
      if (n.children.size === 0) return { key: propertyKey(key), type: leafText, children: null, close: '' };
      const prefix = n.leaf.size > 0 ? `${leafText} | ` : '';
      return {
        key: propertyKey(key),
        type: `${prefix}${n.list ? 'Array<{' : '{'}`,
        children: view(n),
        close: n.list ? '}>' : '}',
      };
    });
  }

  return { add, fields: () => view(root) };
}
