/**
 * Diffs two sets of spec documents, paired by name (the path relative to the
 * compared folder) without its extension, so a spec moved from `x.rst` to `x.md`
 * is compared with itself: both generate `generated/x/`. A document found on
 * one side only that is another one renamed (renames.ts) is compared with it.
 */
import type { Diagnostic, Document } from '../ir.js';
import type { DiffReport } from './change.js';
import { diffDocument } from './diff-document.js';
import { pairRenamedDocuments } from './renames.js';

export interface SpecEntry {
  /** The path to show in messages: a file path, or `ref:path` for a git blob. */
  file: string;
  contents: string | Uint8Array;
}

/** One side of a comparison: its spec texts by name. */
export interface SpecSet {
  label: string;
  entries: Map<string, SpecEntry>;
}

export type ParseSpec = (file: string, contents: string | Uint8Array) => Document;

export interface SetDiff {
  report: DiffReport;
  /** Documents whose diagnostics hold errors, for the caller to print. */
  problems: { file: string; diagnostics: Diagnostic[] }[];
}

export function diffSpecSets(before: SpecSet, after: SpecSet, parse: ParseSpec): SetDiff {
  const beforeByKey = byDocumentKey(before.entries);
  const afterByKey = byDocumentKey(after.entries);
  const keys = [...new Set([...beforeByKey.keys(), ...afterByKey.keys()])].sort();
  const report: DiffReport = { old: before.label, new: after.label, compared: 0, documents: [], skipped: [], breaking: 0, compatible: 0 };
  const problems: SetDiff['problems'] = [];
  const compared: { key: string; name: string; docs: [Parsed | null, Parsed | null] }[] = [];
  for (const key of keys) {
    const [beforeName, afterName] = [beforeByKey.get(key), afterByKey.get(key)];
    const name = afterName ?? beforeName!;
    const entries = [beforeName === undefined ? undefined : before.entries.get(beforeName), afterName === undefined ? undefined : after.entries.get(afterName)];
    // Most documents are unchanged between two versions, or changed only in their `Generated:` stamp or
    // line endings: parse those once, since parsing is nearly all of the run time.
    const identical = entries[0] && entries[1] && sameContent(entries[0].contents, entries[1].contents);
    let shared: Document | null = null;
    const docs = entries.map((entry, side) => {
      if (!entry) return null;
      const doc = identical && shared ? { ...shared, file: entry.file } : parse(entry.file, entry.contents);
      shared = doc;
      const errors = doc.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) problems.push({ file: entry.file, diagnostics: errors });
      return { name: [beforeName, afterName][side]!, entry, doc, failed: errors.length > 0 };
    });
    const failed = docs.find((d) => d?.failed);
    if (failed) {
      report.skipped.push({ name, file: failed.entry.file, reason: 'parse errors' });
      continue;
    }
    compared.push({ key, name, docs: [docs[0] ?? null, docs[1] ?? null] });
  }
  // A document on one side only may be one on the other side only under another name: compared as itself.
  const gone = compared.filter((c) => c.docs[1] === null).map((c) => ({ c, doc: c.docs[0]!.doc }));
  const added = compared.filter((c) => c.docs[0] === null).map((c) => ({ c, doc: c.docs[1]!.doc }));
  const renamedTo = new Map<(typeof compared)[number], (typeof compared)[number]>();
  for (const [from, to] of pairRenamedDocuments(gone, added)) renamedTo.set(to.c, from.c);
  const renamedAway = new Set(renamedTo.values());
  for (const item of compared) {
    if (renamedAway.has(item)) continue;
    report.compared++;
    const from = renamedTo.get(item)?.docs[0];
    const diff = from
      ? diffDocument(item.name, from.doc, item.docs[1]!.doc, from.name)
      : diffDocument(item.name, item.docs[0]?.doc ?? null, item.docs[1]?.doc ?? null);
    if (diff.changes.length === 0) continue;
    report.documents.push(diff);
    for (const change of diff.changes) report[change.severity]++;
  }
  return { report, problems };
}

interface Parsed {
  /** The entry's name in its set (relative path). */
  name: string;
  entry: SpecEntry;
  doc: Document;
}

/** Entry names by their document key: the name without its file extension. */
function byDocumentKey(entries: Map<string, SpecEntry>): Map<string, string> {
  const keyed = new Map<string, string>();
  for (const name of [...entries.keys()].sort()) {
    const key = name.replace(/\.[^./]*$/, '');
    if (!keyed.has(key)) keyed.set(key, name);
  }
  return keyed;
}

/** Equal texts, ignoring line endings, a byte-order mark and the value of the `Generated:` line (the diff ignores all three). */
export function sameContent(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a !== 'string' && typeof b !== 'string' && Buffer.compare(a, b) === 0) return true;
  return comparable(a) === comparable(b);
}

function comparable(contents: string | Uint8Array): string {
  // latin1 maps bytes one to one: enough to compare, and much cheaper than decoding.
  const text = typeof contents === 'string' ? contents : Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength).toString('latin1');
  return text
    .replace(/^(\uFEFF|\xEF\xBB\xBF)/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/^Generated:.*$/m, 'Generated:');
}
