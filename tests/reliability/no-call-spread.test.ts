import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../fixtures/generate/project.js';

/**
 * A spread into a call (`push(...rows)`, `Math.max(...values)`, `new Function(...params)`) passes
 * each element as an argument on the stack: past about 100,000 elements it throws "Maximum call
 * stack size exceeded". Array literals (`[...a, ...b]`) and rest parameters are fine. A spread whose
 * line says `spread-bounded: <why>` (the arguments written in one DTL call) is allowed.
 */
const ROOTS = ['generator', 'runtime', 'bin', 'bench', 'demo', 'generated'];

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|js|mjs|cjs)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

function callSpreads(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isSpreadElement(node) && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent))) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      if (/spread-bounded: \S/.test(text.split('\n')[line] ?? '')) return;
      found.push(`${relative(projectRoot, file)}:${line + 1}: ${node.parent.getText().split('\n')[0]}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no spread of an array into a call', () => {
  it('in the generator, runtime, command line, benchmarks, demo and generated code', () => {
    const found: string[] = [];
    for (const root of ROOTS) for (const file of sourceFiles(join(projectRoot, root))) for (const hit of callSpreads(file, readFileSync(file, 'utf8'))) found.push(hit);
    expect(found).toEqual([]);
  });

  it('in the templates (what they emit is plain text, so a spread there would reach every generated file)', () => {
    for (const file of sourceFiles(join(projectRoot, 'templates'))) expect(callSpreads(file, readFileSync(file, 'utf8'))).toEqual([]);
    const templates = readdirSync(join(projectRoot, 'templates'), { recursive: true }).map(String).filter((f) => f.endsWith('.hbs'));
    expect(templates.length).toBeGreaterThan(0);
    for (const name of templates) expect(readFileSync(join(projectRoot, 'templates', name), 'utf8')).not.toMatch(/\(\s*\.\.\.|,\s*\.\.\.[A-Za-z_$]/);
  });

  it('finds one when there is one', () => {
    expect(callSpreads('x.ts', 'a.push(...b); Math.max(0, ...c); const d = [...e]; function f(...g: number[]) {}')).toHaveLength(2);
    expect(callSpreads('x.ts', 'f(...args); // spread-bounded: three at most\ng(...more);')).toHaveLength(1);
  });
});
