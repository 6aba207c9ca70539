/**
 * The reader-neutral outline of a dataflow document: what a reader (RST,
 * Markdown) produces and what extraction turns into the IR. Readers know
 * markup; extraction knows sentences and tables; neither knows the other.
 */

export interface Place {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface TableCell extends Place {
  /** Trimmed; continuation lines joined with one space. */
  text: string;
}

export interface TableRow extends Place {
  cells: TableCell[];
}

export interface TableBlock extends Place {
  kind: 'table';
  /** Number of header rows the markup declares (`:header-rows:`; 1 for a pipe table). */
  headerRows: number;
  rows: TableRow[];
}

export interface ParagraphBlock extends Place {
  kind: 'paragraph';
  /** Plain text with inline markup removed and line breaks turned into spaces. */
  text: string;
  /** Offsets in `text` where a new source line starts (after each break), when the reader knows them. */
  breaks?: number[];
}

export type Block = ParagraphBlock | TableBlock;

export interface OutlineSection extends Place {
  /** The heading text as written (trimmed). */
  title: string;
  /** 1 for the document title, 2 for flow / introduction sections. */
  depth: number;
  blocks: Block[];
}

export interface Outline {
  /** The document title, or null when the document has none. */
  title: (Place & { text: string }) | null;
  /** Blocks between the title and the first section ("Generated: ..."). */
  preamble: Block[];
  /** Sections below the title, in document order, flattened. */
  sections: OutlineSection[];
}
