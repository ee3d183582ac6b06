import { paragraphSimilarity, wordSimilarity } from './similarity';
import type { Unit } from './units';

/**
 * Lines up the built report's paragraphs with last year's, in order (the alignment of two texts
 * that mostly agree): paragraphs are paired where they read alike enough, the rest are ones the
 * report left out (built only) or added (report only). Pure.
 */
export interface Pair {
  /** Index in the built report's units; null: a paragraph only the report has. */
  built: number | null;
  /** Index in the report's units; null: a paragraph the report has not. */
  report: number | null;
}

/** Below this, two paragraphs are not the same paragraph reworded. */
const SAME = 0.35;

function pairScore(a: Unit, b: Unit): number {
  if (a.text === b.text) return 2;
  const s = Math.max(paragraphSimilarity(a.text, b.text), wordSimilarity(a.text, b.text));
  if (s < SAME) return -Infinity;
  // A heading pairs with a heading.
  return s + ((a.level !== null) === (b.level !== null) ? 0.2 : -0.3);
}

export function align(built: readonly Unit[], report: readonly Unit[]): Pair[] {
  const n = built.length;
  const m = report.length;
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const move: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const s = pairScore(built[i - 1]!, report[j - 1]!);
      let v = best[i - 1]![j]!;
      let mv = 1;
      if (best[i]![j - 1]! > v) {
        v = best[i]![j - 1]!;
        mv = 2;
      }
      if (s > 0 && best[i - 1]![j - 1]! + s > v) {
        v = best[i - 1]![j - 1]! + s;
        mv = 3;
      }
      best[i]![j] = v;
      move[i]![j] = mv;
    }
  }
  const out: Pair[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const mv = i > 0 && j > 0 ? move[i]![j]! : i > 0 ? 1 : 2;
    if (mv === 3) out.push({ built: --i, report: --j });
    else if (mv === 1) out.push({ built: --i, report: null });
    else out.push({ built: null, report: --j });
  }
  return out.reverse();
}

/** The report's paragraphs with the one at `k` and the next read as one. Pure. */
export function joinAt(report: readonly Unit[], k: number): Unit[] {
  const joined: Unit = { text: report[k]!.text + report[k + 1]!.text, level: null, slots: [], ...(report[k + 1]!.mayContinue ? { mayContinue: true as const } : {}) };
  return [...report.slice(0, k), joined, ...report.slice(k + 2)];
}
