/** Splits a flow section title ("Invoiced Items to CRMOffice Companies") into its two labels. */

export interface FlowLabels {
  source: string;
  target: string;
}

/**
 * An entity may itself contain " to ", so every split is scored by whether the
 * sides start with the systems the title names; the best one wins, the first on a tie.
 */
export function splitFlowTitle(title: string, sourceSystem: string, targetSystem: string): FlowLabels | null {
  let best: FlowLabels | null = null;
  let bestScore = -1;
  for (let at = title.indexOf(' to '); at !== -1; at = title.indexOf(' to ', at + 1)) {
    const source = title.slice(0, at).trim();
    const target = title.slice(at + 4).trim();
    if (source === '') continue;
    const score = startsWithWord(source, sourceSystem) + startsWithWord(target, targetSystem);
    if (score > bestScore) {
      best = { source, target };
      bestScore = score;
    }
  }
  // "Business Central Items to  Inventory" with an empty target system: the title ends in " to".
  if (best === null && / to$/.test(title.trim())) return { source: title.trim().slice(0, -3).trim(), target: '' };
  return best;
}

function startsWithWord(text: string, word: string): number {
  if (word === '') return 0;
  return text === word || text.startsWith(`${word} `) ? 1 : 0;
}
