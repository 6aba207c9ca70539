/** Turns one flow section of the outline into an IR flow: labels, sentences, tables. */
import type { Flow, Side } from '../ir.js';
import type { OutlineSection, Place, TableBlock } from '../read/outline.js';
import { quote } from '../read/report.js';
import { plural } from '../../runtime/plural.js';
import type { ExtractContext } from './context.js';
import { connectedSides } from './connected-to.js';
import { splitFlowTitle } from './flow-title.js';
import { splitLabel } from './label.js';
import { matchSentence, type Sentence } from './sentences/index.js';
import { extractMergeCriteria, extractProperties } from './tables.js';

/** No real sentence comes near this; longer text is reported without trying the sentence patterns on it. */
const MAX_SENTENCE = 4000;

export function extractFlow(section: OutlineSection, ctx: ExtractContext): Flow | null {
  const labels = splitFlowTitle(section.title, ctx.sourceSystem, ctx.targetSystem);
  if (labels === null) {
    ctx.report(
      'warning',
      'unknown-section',
      `section ${quote(section.title)} is not a flow ("<Source> to <Target>"); its ${plural(section.blocks.length, 'block')} ${section.blocks.length === 1 ? 'is' : 'are'} not used`,
      section,
    );
    return null;
  }
  const flow: Flow = {
    title: section.title,
    line: section.line,
    source: side(labels.source, ctx.sourceSystem, ctx.sourceHint, 'source', section, ctx),
    target: side(labels.target, ctx.targetSystem, ctx.targetHint, 'target', section, ctx),
    requiresLink: false,
    trigger: null,
    createWhenConnectedTo: null,
    connectedTo: null,
    mergeCriteria: [],
    properties: [],
    sentenceLines: {},
  };

  // The table a sentence announced, waiting for the next block.
  let expecting = null as { table: 'merge' | 'properties'; at: Place } | null;
  const missingTable = (): void => {
    if (expecting !== null) {
      ctx.report('warning', 'table-missing', `the sentence announces a ${expecting.table} table, but no table follows it`, expecting.at);
    }
    expecting = null;
  };

  for (const block of section.blocks) {
    if (block.kind === 'table') {
      const kind = expecting?.table ?? guessTable(block, ctx);
      // A loop, not push(...rows): a spread of 100,000 rows overflows the call stack.
      if (kind === 'merge') for (const row of extractMergeCriteria(block, ctx)) flow.mergeCriteria.push(row);
      else if (kind === 'properties') for (const row of extractProperties(block, ctx)) flow.properties.push(row);
      expecting = null;
      continue;
    }
    missingTable();
    for (const { sentence, offset } of readSentences(block.text, block, ctx)) {
      apply(sentence, { line: lineAt(block, offset), column: block.column });
    }
  }
  missingTable();
  return flow;

  function apply(sentence: Sentence, at: Place): void {
    switch (sentence.kind) {
      case 'trigger':
        flow.trigger = sentence.trigger;
        flow.sentenceLines.trigger = at.line;
        break;
      case 'requires-link':
        flow.requiresLink = true;
        flow.sentenceLines.requiresLink = at.line;
        break;
      case 'create-when-connected':
        flow.connectedTo = connectedSides(sentence.connectedTo, sentence.source, ctx, at);
        flow.createWhenConnectedTo = flow.connectedTo.map((side) => side.label);
        flow.sentenceLines.createWhenConnectedTo = at.line;
        break;
      case 'create-when-no-match':
        flow.sentenceLines.createWhenNoMatch = at.line;
        break;
      case 'every':
        flow.sentenceLines.every = at.line;
        break;
      case 'merge-intro':
        expecting = { table: 'merge', at };
        flow.sentenceLines.mergeCriteria = at.line;
        break;
      case 'properties-intro':
        expecting = { table: 'properties', at };
        break;
      default:
        // keep-in-sync, merge-existing: the defaults already say it.
        break;
    }
  }
}

/**
 * The sentences of a paragraph. Some publishers put two sentences in one
 * paragraph, so a paragraph that is no sentence as a whole is split after each
 * "." or ":" and read piece by piece; pieces not understood are reported.
 */
function readSentences(text: string, at: Place, ctx: ExtractContext): { sentence: Sentence; offset: number }[] {
  const whole = text.length > MAX_SENTENCE ? null : matchSentence(text);
  if (whole !== null) return [{ sentence: whole, offset: 0 }];
  const pieces = text.length > MAX_SENTENCE ? [text] : text.split(/(?<=[.:])\s+(?=[A-Z])/);
  const sentences: { sentence: Sentence; offset: number }[] = [];
  let from = 0;
  for (const piece of pieces) {
    const offset = text.indexOf(piece, from);
    from = offset + piece.length;
    const sentence = pieces.length > 1 ? matchSentence(piece) : null;
    if (sentence === null) {
      ctx.report('warning', 'unknown-sentence', `sentence not understood, left out of the flow: ${quote(piece, 1000)}`, at);
    } else {
      sentences.push({ sentence, offset });
    }
  }
  return sentences;
}

/** The source line of an offset in a paragraph's text (its first line when the reader kept no breaks). */
function lineAt(block: Place & { breaks?: number[] }, offset: number): number {
  let line = block.line;
  for (const at of block.breaks ?? []) if (at <= offset) line++;
  return line;
}

function side(label: string, system: string, hint: string, which: string, at: Place, ctx: ExtractContext): Side {
  const { side, match } = splitLabel(label, system, hint);
  if (match === 'none') {
    ctx.report('warning', 'label-system', `${which} label ${quote(label)} does not start with the system ${quote(system)} named in the title; the whole label is taken as the entity`, at);
  } else if (match === 'short') {
    ctx.report('info', 'label-system', `${which} label ${quote(label)} writes the system ${quote(system)} as ${quote(label.slice(0, label.length - side.entity.length).trim())}`, at);
  }
  return side;
}

/** A table no sentence announced: read by its width, and reported. */
function guessTable(table: TableBlock, ctx: ExtractContext): 'merge' | 'properties' | null {
  const width = table.rows[0]?.cells.length ?? 0;
  const kind = width === 2 ? 'merge' : width === 3 ? 'properties' : null;
  ctx.report(
    'warning',
    'table-orphan',
    kind === null
      ? `table with ${plural(width, 'column')} and no sentence announcing it; not used`
      : `table with no sentence announcing it; read as a ${kind === 'merge' ? 'merge-criteria' : 'property'} table by its ${width} columns`,
    table,
  );
  return kind;
}
