import { parseJson } from '../src/load/json';
import { parsePath, pathToString, type PathSegment } from '../src/load/path';
import { resolveFigures } from '../src/validate/figures';
import { parsePrevious } from '../src/validate/previous';
import { RULES, runRules } from '../src/validate/rules';
import { findFlows } from '../src/validate/rules/flows';
import { FinalAccountsSchema } from '../src/validate/schema/final-accounts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { laiwuRaw } from './helpers';
import { previousRaw, validateRaw } from './validate-helpers';

// Done-when of the validation issue: for every figure of the Laiwu dataset that takes part in a
// rule, adding 1 to it makes validate report an error naming that figure's path. The figures are
// enumerated twice — from the rules themselves (every figure an exact identity checked) and
// independently from the dataset's sections — and none is skipped.

/** The figures the rules checked exactly (a +1 on any of them breaks a tie). */
function ruleCoverage(raw: unknown, prev?: unknown): string[] {
  const loaded = parseJson(JSON.stringify(raw, null, 2), 'test.json');
  const input = FinalAccountsSchema.parse(loaded.value);
  const { figures } = resolveFigures(input.figures, input, loaded.sourceMap);
  const coverage = new Set<string>();
  const previous = prev !== undefined ? parsePrevious(parseJson(JSON.stringify(prev, null, 2), 'previous.json'), input.meta.year, input.meta.district).previous : null;
  const issues = runRules(RULES, { input, figures, inputs: input.figures, sourceMap: loaded.sourceMap, coverage, ...(previous ? { previous } : {}) });
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return [...coverage].sort();
}

/** Section 一 of the report, read off the dataset: every amount of the budgets and of the debt. */
function sectionOneFigures(raw: any): string[] {
  const out: string[] = [];
  for (const b of ['generalBudget', 'fundBudget', 'stateCapitalBudget'])
    for (const s of ['district', 'level'])
      for (const side of ['income', 'expenditure']) {
        const sd = raw[b][s][side];
        const p = `${b}.${s}.${side}`;
        out.push(`${p}.total`);
        if (sd.current) out.push(`${p}.current.amount`);
        sd.lines.forEach((_: unknown, i: number) => out.push(`${p}.lines[${i}].amount`));
      }
  for (const s of ['district', 'level']) for (const k of ['income.amount', 'expenditure.amount', 'net']) out.push(`socialInsuranceBudget.${s}.${k}`);
  const walk = (v: unknown, path: PathSegment[]) => {
    if (typeof v === 'number') out.push(pathToString(path));
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  // projectCount (14 个公益性资本项目) is the one debt figure no identity ties.
  const { projectCount: _count, ...newBonds } = raw.debt.bonds.newBonds;
  walk({ ...raw.debt, bonds: { ...raw.debt.bonds, newBonds } }, ['debt']);
  return out.sort();
}

/** What last year's dataset adds: roll-forwards (滚存结余, 预算稳定调节基金) and every stated growth. */
function previousYearFigures(raw: any): string[] {
  const out = ['socialInsuranceBudget.district.accumulated', 'socialInsuranceBudget.level.accumulated', 'generalBudget.stabilizationFund.balance', 'generalBudget.stabilizationFund.added', 'generalBudget.stabilizationFund.used'];
  for (const f of findFlows(raw)) if (f.growth !== undefined) out.push(pathToString([...f.path, 'growth']));
  return out.sort();
}

function plusOne(raw: any, path: string): void {
  const segs = parsePath(path);
  const parent = segs.slice(0, -1).reduce((o: any, k) => o[k], raw);
  const key = segs[segs.length - 1]!;
  expect(typeof parent[key]).toBe('number');
  parent[key] += 1;
}

function errorsNaming(path: string, raw: unknown, prev?: unknown) {
  return validateRaw(raw, prev).filter((i) => i.severity === 'error' && (i.place?.path === path || (i.involves ?? []).some((p) => p.path === path && p.file === 'test.json')));
}

const alone = ruleCoverage(laiwuRaw());
const withPrevious = ruleCoverage(laiwuRaw(), previousRaw());

describe('every figure that takes part in a rule', () => {
  it('includes every figure of section 一 (budgets, social insurance, debt)', () => {
    const section = sectionOneFigures(laiwuRaw());
    expect(section.length).toBeGreaterThan(70);
    expect(section.filter((p) => !alone.includes(p))).toEqual([]);
  });

  it('with last year given, also the roll-forward figures and every stated growth', () => {
    const extra = previousYearFigures(laiwuRaw());
    expect(extra.filter((p) => !withPrevious.includes(p))).toEqual([]);
    expect(alone.filter((p) => !withPrevious.includes(p))).toEqual([]);
  });

  it.each(alone.map((p) => [p]))(`+1 → an error naming it (Laiwu alone, ${alone.length} figures): %s`, (path) => {
    const raw = laiwuRaw();
    plusOne(raw, path);
    expect(errorsNaming(path, raw).length).toBeGreaterThan(0);
  });

  const onlyWithPrevious = withPrevious.filter((p) => !alone.includes(p));
  it.each(onlyWithPrevious.map((p) => [p]))(`+1 → an error naming it (with --previous, ${onlyWithPrevious.length} more figures): %s`, (path) => {
    const raw = laiwuRaw();
    plusOne(raw, path);
    expect(errorsNaming(path, raw, previousRaw()).length).toBeGreaterThan(0);
  });

  it('and the same figures, unchanged, give no error', () => {
    expect(validateRaw(laiwuRaw()).filter((i) => i.severity === 'error')).toEqual([]);
    expect(validateRaw(laiwuRaw(), previousRaw()).filter((i) => i.severity === 'error')).toEqual([]);
  });
});

// The house-style examples carry the figures a style may print besides (revenue items, deducted
// lines, 超收, year-end balances), 青禾区 the standard 决算草案表: each figure a rule ties exactly is caught there too.
describe.each(['lanxi-2024', 'songyan-2024', 'luwan-2024', 'qinghe-2024'])('every figure tied by a rule in %s', (name) => {
  const raw = () => JSON.parse(readFileSync(join(__dirname, '..', 'data', `${name}.json`), 'utf8'));
  const covered = ruleCoverage(raw());
  it('covers the budgets of section 一', () => {
    expect(covered.filter((p) => /Budget\.(district|level)\.(income|expenditure)\.total$/.test(p)).length).toBeGreaterThan(4);
  });
  it.each(covered.map((p) => [p]))('+1 → an error naming it: %s', (path) => {
    const r = raw();
    plusOne(r, path);
    expect(errorsNaming(path, r).length).toBeGreaterThan(0);
  });
});
