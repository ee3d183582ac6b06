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
 * The figures of a flow at path p, each with its source: the rate as given or computed from the
 * budget base; the growth as given, or computed from the stated last-year figure, or from last
 * year's dataset (--previous). One place for this, used by the composer and the figures table.
 */
export function flowFigures(f: FlowInput, p: string, previous?: PreviousDataset): FlowView {
  const amount = num(f.amount, at(p, 'amount'));
  const baseKey = (['adjustedBudget', 'budget', 'initialBudget'] as const).find((k) => f[k] !== undefined);
  let rate: Num | null = null;
  if (f.completionRate !== undefined) rate = num(f.completionRate, at(p, 'completionRate'));
  else if (baseKey && f[baseKey] !== 0) rate = standingFor(ratio('完成预算比例', amount, num(f[baseKey]!, at(p, baseKey))), at(p, 'completionRate'));
  let g: Num | null = null;
  if (f.growth !== undefined) g = num(f.growth, at(p, 'growth'));
  else if (f.lastYear !== undefined) {
    if (f.lastYear !== 0) g = standingFor(growth('同比增长率', amount, num(f.lastYear, at(p, 'lastYear'))), at(p, 'growth'));
  } else {
    const last = previousNum(previous, at(p, 'amount'));
    if (last && !last.isZero()) g = standingFor(growth('同比增长率', amount, last), at(p, 'growth'));
  }
  return { amount, rate, growth: g };
}
