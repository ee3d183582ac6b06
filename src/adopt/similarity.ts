/** How alike two paragraphs read: the Dice coefficient of their character bigrams (1 = same bigrams). Pure. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let common = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g);
    if (n) {
      common++;
      grams.set(g, n - 1);
    }
  }
  return (2 * common) / (a.length - 1 + b.length - 1);
}

/** The same with every number masked: how alike two paragraphs' words are, whatever their figures. */
export function wordSimilarity(a: string, b: string): number {
  const mask = (s: string) => s.replace(/[0-9][0-9,.]*/g, '#');
  return similarity(mask(a), mask(b));
}

/** The length of the longest common subsequence of two sequences (characters, clauses). */
export function lcsLength<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  if (!a.length || !b.length) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  return prev[b.length]!;
}

const CLAUSE = /[^，。；：、]+[，。；：、]?/g;

/**
 * How alike two paragraphs read clause by clause, in order: the longest common sequence of equal
 * clauses (split at ，。；：、). Bigrams hardly see two clauses change places; this does.
 */
export function clauseSimilarity(a: string, b: string): number {
  const x = a.match(CLAUSE) ?? [];
  const y = b.match(CLAUSE) ?? [];
  if (!x.length || !y.length) return a === b ? 1 : 0;
  return (2 * lcsLength(x, y)) / (x.length + y.length);
}

/** Words and their order together: what the style search and the alignment of paragraphs go by. */
export function paragraphSimilarity(a: string, b: string): number {
  return a === b ? 1 : (similarity(a, b) + clauseSimilarity(a, b)) / 2;
}
