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

/** A flow of the first half-year (上半年执行), whose rate is against the full year's initial budget. */
export const isFirstHalf = (f: Flow): boolean => f.path[0] === 'firstHalf';

const BASE_KEYS = ['adjustedBudget', 'budget', 'initialBudget'] as const;

// Where the schema puts a year's own income or spending: 当年数, 社保/上半年 收入、支出, 税收收入.
const FLOW_KEYS = new Set(['current', 'income', 'expenditure', 'tax']);

/**
 * Finds every flow object: an amount at a flow position, or any amount with a rate, base, growth
 * or last-year field. A bare {amount} is a flow too: last year's dataset can give it a growth.
 * Several rules ask for the flows of one input: they are found once per input (rules only read them).
 */
export function findFlows(value: unknown, path: PathSegment[] = []): readonly Flow[] {
  const memo = path.length === 0 && value && typeof value === 'object';
  if (memo) {
    const hit = found.get(value);
    if (hit) return hit;
  }
  const out: Flow[] = [];
  collect(value, path, out);
  if (memo) found.set(value, out);
  return out;
}

const found = new WeakMap<object, Flow[]>();

function collect(value: unknown, path: PathSegment[], out: Flow[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => collect(v, [...path, i], out));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const key = path[path.length - 1];
    if (typeof o.amount === 'number' && ((typeof key === 'string' && FLOW_KEYS.has(key)) || 'completionRate' in o || 'growth' in o || 'lastYear' in o || BASE_KEYS.some((k) => k in o))) {
      const baseKey = BASE_KEYS.find((k) => typeof o[k] === 'number') ?? null;
      const flow: Flow = { path, amount: o.amount, baseKey };
      if (baseKey) flow.base = o[baseKey] as number;
      if (typeof o.completionRate === 'number') flow.completionRate = o.completionRate;
      if (typeof o.lastYear === 'number') flow.lastYear = o.lastYear;
      if (typeof o.growth === 'number') flow.growth = o.growth;
      out.push(flow);
    }
    for (const k in o) if (k !== 'figures' && k !== 'classified' && Object.prototype.hasOwnProperty.call(o, k)) collect(o[k], [...path, k], out);
  }
}
