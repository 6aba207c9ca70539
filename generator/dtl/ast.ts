/** The tree of a DTL expression as the generator reads it from a data-type cell or a command line. */

export type DtlNode =
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly DtlNode[]; readonly offset: number }
  /** `"_."`: the current value (the row's source value). */
  | { readonly kind: 'current'; readonly offset: number }
  /** `"_.a.b"`: a path into the current value. */
  | { readonly kind: 'path'; readonly path: readonly string[]; readonly offset: number }
  | { readonly kind: 'string'; readonly value: string; readonly offset: number }
  /** Number literals keep their text: integers are unbounded, a fraction or exponent makes a float. */
  | { readonly kind: 'integer'; readonly text: string; readonly offset: number }
  | { readonly kind: 'float'; readonly text: string; readonly offset: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly offset: number }
  | { readonly kind: 'null'; readonly offset: number }
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [string, DtlNode])[]; readonly offset: number };

/** The expression as JSON (what the IR's `expression` holds): calls are arrays, literals JSON values. */
export function toJson(node: DtlNode): unknown {
  switch (node.kind) {
    case 'call':
      return [node.name, ...node.args.map(toJson)];
    case 'current':
      return '_.';
    case 'path':
      return `_.${node.path.join('.')}`;
    case 'string':
      return node.value;
    case 'integer':
    case 'float':
      return Number(node.text);
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'dict':
      return Object.fromEntries(node.entries.map(([k, v]) => [k, toJson(v)]));
  }
}

/** Canonical DTL text, number literals as written: `["if",["neq","_.","X"],["integer","_."],["string","_."]]`. */
export function toText(node: DtlNode): string {
  switch (node.kind) {
    case 'call':
      return `[${[JSON.stringify(node.name), ...node.args.map(toText)].join(',')}]`;
    case 'integer':
    case 'float':
      return node.text;
    case 'dict':
      return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${toText(v)}`).join(',')}}`;
    default:
      return JSON.stringify(toJson(node));
  }
}
