import { parsePath } from '../load/path';
import { previousNumber, previousPath, type PreviousDataset } from '../validate/previous';
import { growth, num, ratio, standingFor, type Num } from './num';

/** A year's own income or spending as the data gives it: amount, a rate or its base, a growth or its base. */
export interface FlowInput {
  amount: number;
  adjustedBudget?: number;
  budget?: number;
  initialBudget?: number;
  completionRate?: number;
  lastYear?: number;
  growth?: number;
}

export interface FlowView {
  amount: Num;
  rate: Num | null;
  growth: Num | null;
}

const at = (p: string, k: string) => `${p}.${k}`;

/** Last year's figure from --previous, at the same path: a Num whose source is in that dataset. */
export function previousNum(previous: PreviousDataset | undefined, p: string): Num | null {
  const hit = previousNumber(previous, parsePath(p));
  return hit ? num(hit.value, previousPath(hit.path)) : null;
}

/**
 * The figures of a flow at path p, each with its source: the rate computed from the budget base, or
 * as given; the growth computed from the stated last-year figure or from last year's dataset
 * (--previous), or as given. One place for this, used by the composer and the figures table.
 *
 * Where the data gives both a rate and its base, the computed rate is printed: validation holds the
 * stated one to it only at the stated precision (101 for 101.48), and a style printing more places
 * (101.5%) must not pad the stated one (101.0%).
 */
export function flowFigures(f: FlowInput, p: string, previous?: PreviousDataset): FlowView {
  const amount = num(f.amount, at(p, 'amount'));
  const baseKey = (['adjustedBudget', 'budget', 'initialBudget'] as const).find((k) => f[k] !== undefined);
  let rate: Num | null = null;
  if (baseKey && f[baseKey] !== 0) rate = standingFor(ratio('完成预算比例', amount, num(f[baseKey]!, at(p, baseKey))), at(p, 'completionRate'));
  else if (f.completionRate !== undefined) rate = num(f.completionRate, at(p, 'completionRate'));
  let g: Num | null = null;
  const last = f.lastYear !== undefined ? (f.lastYear !== 0 ? num(f.lastYear, at(p, 'lastYear')) : null) : previousNum(previous, at(p, 'amount'));
  if (last && !last.isZero()) g = standingFor(growth('同比增长率', amount, last), at(p, 'growth'));
  else if (f.growth !== undefined) g = num(f.growth, at(p, 'growth'));
  return { amount, rate, growth: g };
}
