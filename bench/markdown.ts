/**
 * Benchmark of Markdown specs on the latest corpus converted to Markdown: the
 * Markdown reader against remark-parse + remark-gfm alone on the same texts
 * (what the reader adds), and a full parse of the Markdown forms against a
 * full parse of the RST originals, all measured in the same run.
 * Run with `npm run bench:markdown`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { convertSpecToMarkdown } from '../generator/convert/convert-spec.js';
import { readMarkdownText } from '../generator/read/markdown/read-markdown.js';
import { parseSpecText } from '../generator/parse.js';
import { time } from './timing.js';

const latest = join(process.cwd(), '..', 'shared', 'corpus', 'latest');
if (!existsSync(latest)) {
  console.error(`bench:markdown skipped: no corpus at ${latest}`);
  process.exit(0);
}

const names = readdirSync(latest).filter((name) => name.endsWith('.rst')).sort();
const rst = names.map((name) => readFileSync(join(latest, name)));
const markdown = names.map((name, i) => convertSpecToMarkdown(name, rst[i]!).markdown);
const mdNames = names.map((name) => name.replace(/\.rst$/, '.md'));
const megabytes = markdown.reduce((n, text) => n + Buffer.byteLength(text), 0) / 1e6;
const remark = unified().use(remarkParse).use(remarkGfm).freeze();

const runs = {
  remarkAlone: (): void => {
    for (const text of markdown) remark.parse(text);
  },
  markdownReader: (): void => {
    for (const text of markdown) readMarkdownText(text);
  },
  rstParse: (): void => {
    for (let i = 0; i < names.length; i++) parseSpecText(names[i]!, rst[i]!);
  },
  markdownParse: (): void => {
    for (let i = 0; i < names.length; i++) parseSpecText(mdNames[i]!, markdown[i]!);
  },
};
type Run = keyof typeof runs;

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const order = Object.keys(runs) as Run[];
for (const name of order) runs[name]();
const samples = Object.fromEntries(order.map((name) => [name, [] as number[]])) as Record<Run, number[]>;
for (let round = 0; round < rounds; round++) {
  // Rotate the order so drift on a shared machine hits every run alike.
  for (let k = 0; k < order.length; k++) {
    const name = order[(k + round) % order.length]!;
    samples[name].push(time(runs[name]));
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = Object.fromEntries(order.map((name) => [name, median(samples[name])])) as Record<Run, number>;
const perDoc = (t: number): string => (t / names.length).toFixed(3);

console.log(`bench:markdown: ${names.length} documents, ${megabytes.toFixed(2)} MB of Markdown, median of ${rounds} rounds`);
console.log(`  remark + gfm alone   : ${perDoc(ms.remarkAlone)} ms/document`);
console.log(`  Markdown reader      : ${perDoc(ms.markdownReader)} ms/document (${(ms.markdownReader / ms.remarkAlone).toFixed(2)}x remark alone)`);
console.log(`  full parse, RST      : ${perDoc(ms.rstParse)} ms/document`);
console.log(`  full parse, Markdown : ${perDoc(ms.markdownParse)} ms/document (${(ms.markdownParse / ms.rstParse).toFixed(2)}x RST)`);
