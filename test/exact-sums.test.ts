import { hundredths, hundredthsSum, sumCompared, sumIs } from '../src/validate/rules/identity';
import { D } from '../src/compose/num';

/** What the identities decided before the integer fast path: Decimal of each figure. */
const bySumInDecimal = (terms: number[], whole: number) => terms.reduce((a, t) => a.add(t), new D(0)).eq(whole);

describe('identities on integer hundredths (validate/rules/identity.ts sumIs)', () => {
  test('two-decimal figures are read as exact hundredths; others are not', () => {
    expect(hundredths(470383.12)).toBe(47038312);
    expect(hundredths(-0.07)).toBe(-7);
    expect(hundredths(0.1)).toBe(10);
    expect(hundredths(12.345)).toBeNull();
    expect(hundredths(1 / 3)).toBeNull();
    expect(hundredths(1e300)).toBeNull();
  });

  test('sums that floating point gets wrong are told as Decimal tells them', () => {
    // 0.1 + 0.2 !== 0.3 in binary; the identity holds in the figures the writer typed.
    expect(0.1 + 0.2 === 0.3).toBe(false);
    expect(sumIs([0.1, 0.2], 0.3)).toBe(true);
    expect(sumIs([470383.12, 80852.05, -0.17], 551235)).toBe(true);
    expect(sumIs([470383.12, 80852.05], 551235.18)).toBe(false);
    expect(sumIs([], 0)).toBe(true);
  });

  test('figures with more decimals, or too large for hundredths, fall back to Decimal', () => {
    expect(sumIs([0.001, 0.002], 0.003)).toBe(true);
    expect(sumIs([0.001, 0.002], 0.004)).toBe(false);
    expect(sumIs([1e14, 1], 1e14 + 1)).toBe(true);
    expect(sumIs([1e14, 2], 1e14 + 1)).toBe(false);
  });

  test('a partial sum past 2^53 hundredths goes to Decimal instead of losing a hundredth', () => {
    const big = 9999999999999.99;
    const terms = [...Array(9).fill(big), 71992547410.02, ...Array(9).fill(-big)];
    expect(bySumInDecimal(terms, 71992547410.02)).toBe(true);
    expect(sumIs(terms, 71992547410.02)).toBe(true);
    expect(sumIs(terms, 71992547410.01)).toBe(false);
    expect(hundredthsSum(terms)).toBeNull();
    expect(hundredthsSum([0.1, 0.2, -0.05])).toBe(25);
  });

  test('compares a sum with a whole as Decimal does, on hundredths and in Decimal alike', () => {
    expect(sumCompared([0.1, 0.2], 0.3)).toBe(0);
    expect(sumCompared([0.1, 0.2], 0.31)).toBe(-1);
    expect(sumCompared([0.1, 0.21], 0.3)).toBe(1);
    expect(sumCompared([0.001, 0.002], 0.004)).toBe(-1);
    expect(sumCompared([0.001, 0.003], 0.003)).toBe(1);
    expect(sumCompared([], 0)).toBe(0);
  });

  test('agrees with Decimal on many random two- and three-decimal sums, off by one hundredth or not', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const places = i % 3 === 0 ? 3 : 2;
      const terms = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => Number(((rnd() - 0.3) * 10 ** (1 + Math.floor(rnd() * 9))).toFixed(places)));
      const exact = terms.reduce((a, t) => a.add(t), new D(0));
      const whole = Number(exact.add(i % 2 ? 0 : 0.01).toFixed());
      expect(sumIs(terms, whole)).toBe(bySumInDecimal(terms, whole));
    }
  });
});
