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

const CLAUSE = /[^，。；：、]+[，。；：、]?/g;

/**
 * How alike two paragraphs read clause by clause, in order: the longest common sequence of equal
 * clauses (split at ，。；：、). Bigrams hardly see two clauses change places; this does.
 */
export function clauseSimilarity(a: string, b: string): number {
  const x = a.match(CLAUSE) ?? [];
  const y = b.match(CLAUSE) ?? [];
  if (!x.length || !y.length) return a === b ? 1 : 0;
  let prev = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const cur = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++) cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  return (2 * prev[y.length]!) / (x.length + y.length);
}

/** Words and their order together: what the style search and the alignment of paragraphs go by. */
export function paragraphSimilarity(a: string, b: string): number {
  return a === b ? 1 : (similarity(a, b) + clauseSimilarity(a, b)) / 2;
}
