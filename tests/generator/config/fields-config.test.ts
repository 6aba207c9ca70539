/** The config's `fields` checked for shape, and config keys found in the file's text for file:line:column. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../../generator/config/resolve-config.js';
import { keyPosition } from '../../../generator/config/key-position.js';

const dir = mkdtempSync(join(tmpdir(), 'dataflow-fields-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function resolveText(name: string, text: string, value: unknown) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return () => resolveConfig(value, file, dir);
}

describe('fields in the config', () => {
  it('resolves to the declaration as written; absent is none', () => {
    const fields = { 'hubspot-tripletex': { 'HubSpot Deal': { 'properties.hs_deal_stage_probability': 'number' } } };
    expect(resolveConfig({ fields }, null, dir).fields).toEqual(fields);
    expect(resolveConfig({}, null, dir).fields).toEqual({});
  });

  it('a value of the wrong shape or type is a ConfigError at its line and column', () => {
    const text = [
      'export default defineConfig({',
      '  fields: {',
      "    'hubspot-tripletex': {",
      "      'HubSpot Deal': {",
      "        'properties.hs_deal_stage_probability': 'percent',",
      '      },',
      '    },',
      '  },',
      '});',
      '',
    ].join('\n');
    const value = { fields: { 'hubspot-tripletex': { 'HubSpot Deal': { 'properties.hs_deal_stage_probability': 'percent' } } } };
    const run = resolveText('dataflow.config.ts', text, value);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(
      /dataflow\.config\.ts:5:9: fields\["hubspot-tripletex"\]\["HubSpot Deal"\]\["properties\.hs_deal_stage_probability"\]: the type must be one of "string", "number", "integer", "boolean", "datetime", "unknown", not "percent"$/,
    );
    expect(() => resolveConfig({ fields: [] }, null, dir)).toThrow('config: fields: must be an object');
    expect(() => resolveConfig({ fields: { x: 'HubSpot Deal' } }, null, dir)).toThrow('config: fields["x"]: must be an object of entities');
    expect(() => resolveConfig({ fields: { x: { 'HubSpot Deal': ['a'] } } }, null, dir)).toThrow('config: fields["x"]["HubSpot Deal"]: must be an object of dot path -> type');
    expect(() => resolveConfig({ fields: { x: { 'HubSpot Deal': { 'a.': 'number' } } } }, null, dir)).toThrow('config: fields["x"]["HubSpot Deal"]["a."]: a field is a dot path of non-empty names');
    expect(() => resolveConfig({ fields: { x: { ' ': { a: 'number' } } } }, null, dir)).toThrow('an entity is named as the flow titles name it');
  });

  it('a JSON config is placed too, and a key named __proto__ stays data', () => {
    const text = '{\n  "fields": {\n    "x": { "__proto__": { "a": "float" } }\n  }\n}\n';
    const run = resolveText('dataflow.config.json', text, JSON.parse(text));
    expect(run).toThrow(/dataflow\.config\.json:3:27: fields\["x"\]\["__proto__"\]\["a"\]: the type must be one of/);
    const fields = resolveConfig(JSON.parse('{"fields": {"x": {"__proto__": {"a": "number"}}}}'), null, dir).fields;
    expect(Object.getOwnPropertyDescriptor(fields.x, '__proto__')?.value).toEqual({ a: 'number' });
    expect(Object.getPrototypeOf(fields.x)).toBe(Object.prototype);
  });
});

describe('keyPosition', () => {
  it('finds nested keys in order, quoted or bare, and the deepest one it can', () => {
    const text = "export default {\n  other: { 'HubSpot Deal': 1 },\n  fields: {\n    spec: { \"HubSpot Deal\": { `a.b`: 'number' } },\n  },\n};\n";
    expect(keyPosition(text, ['fields'])).toEqual({ line: 3, column: 3 });
    expect(keyPosition(text, ['fields', 'spec', 'HubSpot Deal'])).toEqual({ line: 4, column: 13 });
    expect(keyPosition(text, ['fields', 'spec', 'HubSpot Deal', 'a.b'])).toEqual({ line: 4, column: 31 });
    expect(keyPosition(text, ['fields', 'spec', 'HubSpot Contact'])).toEqual({ line: 4, column: 5 });
    expect(keyPosition(text, ['nothing'])).toBeNull();
    // A key that is a regular expression's syntax is searched as text.
    expect(keyPosition("{ fields: { 'a.*(': 1 } }", ['fields', 'a.*('])).toEqual({ line: 1, column: 13 });
  });
});
