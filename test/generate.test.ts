import { generateDataset } from '../scripts/generate-datasets';
import { buildFromRaw } from './helpers';

const sum = (xs: { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);
const N = 60;
const datasets = Array.from({ length: N }, (_, i) => generateDataset(i, 1000 + i));

describe('the dataset generator', () => {
  it('is deterministic: a seed always gives the same dataset', () => {
    expect(JSON.stringify(generateDataset(5, 42))).toBe(JSON.stringify(generateDataset(5, 42)));
    expect(JSON.stringify(generateDataset(5, 42))).not.toBe(JSON.stringify(generateDataset(5, 43)));
  });

  it('every dataset passes validation without errors or warnings and builds', () => {
    for (const [i, ds] of datasets.entries()) {
      const r = buildFromRaw(ds, `gen-${i}.json`);
      expect(r.issues).toEqual([]);
      expect(r.doc).not.toBeNull();
    }
  });

  it('every total is the sum of its parts (spec/fiscal-rules.md)', () => {
    for (const ds of datasets) {
      for (const b of [ds.generalBudget, ds.fundBudget, ds.stateCapitalBudget]) {
        for (const scope of [b.district, b.level]) {
          for (const side of [scope.income, scope.expenditure]) expect(side.total).toBe((side.current?.amount ?? 0) + sum(side.lines));
          expect(scope.income.total).toBe(scope.expenditure.total);
        }
      }
      for (const s of [ds.socialInsuranceBudget.district, ds.socialInsuranceBudget.level]) {
        expect(s.net).toBe(s.income.amount - s.expenditure.amount);
        if (s.lastYearAccumulated !== undefined) expect(s.accumulated).toBe(s.lastYearAccumulated + s.net);
      }
      const d = ds.debt;
      for (const x of [d.limit, d.balance, d.interest]) expect(x.total).toBe(x.general + x.special);
      expect(d.balance.general).toBeLessThanOrEqual(d.limit.general);
      expect(d.balance.special).toBeLessThanOrEqual(d.limit.special);
      expect(d.bonds.total).toBe(d.bonds.newBonds.amount + d.bonds.refinancing.amount);
      expect(d.bonds.newBonds.amount).toBe(sum(d.bonds.newBonds.uses));
      expect(d.bonds.refinancing.amount).toBe(sum(d.bonds.refinancing.uses));
      expect(d.principal.total).toBe(d.principal.general.amount + d.principal.special.amount);
      for (const p of [d.principal.general, d.principal.special]) expect(p.amount).toBe(p.ownFunds + p.refinancing);
    }
  });

  it('varies: districts, years, zero budgets, negative and zero growth', () => {
    expect(new Set(datasets.map((d) => d.meta.district)).size).toBeGreaterThan(40);
    expect(new Set(datasets.map((d) => `${d.meta.district}${d.meta.year}`)).size).toBe(N);
    const flows = JSON.stringify(datasets);
    expect(flows).toMatch(/"growth": ?-\d/);
    expect(datasets.some((d) => d.stateCapitalBudget.district.income.total === 0)).toBe(true);
    expect(datasets.some((d) => d.generalBudget.stabilizationFund.used === 0)).toBe(true);
    expect(datasets.some((d) => JSON.stringify(d.fundBudget.district) === JSON.stringify(d.fundBudget.level))).toBe(true);
    expect(datasets.some((d) => JSON.stringify(d.fundBudget.district) !== JSON.stringify(d.fundBudget.level))).toBe(true);
    // Rates given as rates, as bases, and both.
    expect(flows).toContain('"adjustedBudget"');
    expect(datasets.some((d) => d.generalBudget.district.income.current.completionRate !== undefined)).toBe(true);
    const incomes = datasets.map((d) => d.generalBudget.district.income.current.amount);
    expect(Math.max(...incomes) / Math.min(...incomes)).toBeGreaterThan(5);
  });
});
