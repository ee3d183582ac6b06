import type { PathSegment } from '../../load/path';

/** A figure with an optional rate against a budget base and an optional growth against last year. */
export interface Flow {
  path: PathSegment[];
  amount: number;
  baseKey: 'adjustedBudget' | 'budget' | 'initialBudget' | null;
  base?: number;
  completionRate?: number;
  lastYear?: number;
  growth?: number;
}

const BASE_KEYS = ['adjustedBudget', 'budget', 'initialBudget'] as const;

/** Finds every flow object (anything with amount plus a rate, base, growth or last-year field). */
export function findFlows(value: unknown, path: PathSegment[] = []): Flow[] {
  const out: Flow[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...findFlows(v, [...path, i])));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.amount === 'number' && ('completionRate' in o || 'growth' in o || 'lastYear' in o || BASE_KEYS.some((k) => k in o))) {
      const baseKey = BASE_KEYS.find((k) => typeof o[k] === 'number') ?? null;
      const flow: Flow = { path, amount: o.amount, baseKey };
      if (baseKey) flow.base = o[baseKey] as number;
      if (typeof o.completionRate === 'number') flow.completionRate = o.completionRate;
      if (typeof o.lastYear === 'number') flow.lastYear = o.lastYear;
      if (typeof o.growth === 'number') flow.growth = o.growth;
      out.push(flow);
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'figures') out.push(...findFlows(v, [...path, k]));
  }
  return out;
}
