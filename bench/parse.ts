/**
 * Benchmark of the parser on the whole corpus: the full parse (decode, read,
 * extract) against `restructured` alone on the same decoded texts, measured in
 * the same run. Goal: everything the project adds costs at most 25% of the
 * reader's own time. Run with `npm run bench:parse`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import restructuredModule from '#restructured';
import { decodeSpec } from '../generator/decode.js';
import { extractDocument } from '../generator/extract/document.js';
import { parseSpecText } from '../generator/parse.js';
import { createOutline } from '../generator/read/rst-to-outline.js';
import { hideTableBodies } from '../generator/read/rst-skeleton.js';
import type { RstNode } from '../generator/read/rst-tree.js';
import { VFile } from 'vfile';
import { time } from './timing.js';

const restructured = restructuredModule.default ?? restructuredModule;
const corpus = join(process.cwd(), '..', 'shared', 'corpus');
if (!existsSync(join(corpus, 'latest')) || !existsSync(join(corpus, 'history'))) {
  console.error(`bench:parse skipped: no corpus at ${corpus}`);
  process.exit(0);
}

const files = ['latest', 'history'].flatMap((folder) =>
  readdirSync(join(corpus, folder))
    .filter((name) => name.endsWith('.rst'))
    .sort()
    .map((name) => join(corpus, folder, name)),
);
const bytes = files.map((file) => readFileSync(file));
// The baseline gets what the reader gets: decoded LF text.
const texts = bytes.map((b) => decodeSpec(b).text);
const megabytes = bytes.reduce((n, b) => n + b.length, 0) / 1e6;

function restructuredOnly(): void {
  for (const text of texts) restructured.parse(text, { position: true, blanklines: true });
}
// The reader hands restructured the text with list-table bodies blanked (it parses those itself):
// restructured on exactly that input is the fairer baseline for "what the project adds".
const skeletons = texts.map(hideTableBodies);
function restructuredOnSkeleton(): void {
  for (const text of skeletons) restructured.parse(text, { position: true, blanklines: true });
}
function fullParse(): void {
  for (let i = 0; i < files.length; i++) parseSpecText(files[i]!, bytes[i]!);
}
// The project's own work measured directly: decoding, tree to outline, extraction, on trees parsed beforehand.
const trees: RstNode[] = texts.map((text) => restructured.parse(text, { position: true, blanklines: true }));
function ownWorkOnly(): void {
  for (let i = 0; i < files.length; i++) {
    const { text } = decodeSpec(bytes[i]!);
    const file = new VFile({ path: files[i]!, value: text });
    const outline = createOutline(trees[i]!, text.split('\n'), () => {});
    extractDocument(outline, file, files[i]!);
  }
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
// Warm both up so neither pays for the JIT alone.
restructuredOnly();
fullParse();
const baseline: number[] = [];
const skeleton: number[] = [];
const full: number[] = [];
const own: number[] = [];
for (let round = 0; round < rounds; round++) {
  // Alternate the order so drift on a shared machine hits both alike.
  if (round % 2 === 0) {
    baseline.push(time(restructuredOnly));
    skeleton.push(time(restructuredOnSkeleton));
    full.push(time(fullParse));
    own.push(time(ownWorkOnly));
  } else {
    own.push(time(ownWorkOnly));
    full.push(time(fullParse));
    skeleton.push(time(restructuredOnSkeleton));
    baseline.push(time(restructuredOnly));
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(baseline);
const total = median(full);
const perDoc = (ms: number): string => (ms / files.length).toFixed(3);
console.log(`bench:parse: ${files.length} documents, ${megabytes.toFixed(2)} MB, median of ${rounds} rounds`);
console.log(`  restructured alone : ${perDoc(base)} ms/document (${base.toFixed(0)} ms)`);
console.log(`  full parse         : ${perDoc(total)} ms/document (${total.toFixed(0)} ms, ${(total / megabytes).toFixed(0)} ms/MB)`);
console.log(`  own work alone     : ${perDoc(median(own))} ms/document (decode + outline + extraction on parsed trees: ${((median(own) / base) * 100).toFixed(1)}% of restructured)`);
const skel = median(skeleton);
console.log(`  restructured, table bodies blanked (what the reader gives it): ${perDoc(skel)} ms/document (${skel.toFixed(0)} ms)`);
console.log(`  overhead           : ${(((total - base) / base) * 100).toFixed(1)}% over restructured on the documents (goal: <= 25%)`);
console.log(`  overhead           : ${(((total - skel) / skel) * 100).toFixed(1)}% over restructured on what the reader gives it`);
