import type { Issue } from '../model/issue';
import type { SourceMap } from '../load/source-map';
import { parsePath, type PathSegment } from '../load/path';
import { D, Num, difference, growth, num, ratio, sum } from '../compose/num';
import type { FigureInput } from './schema/common';

/** A figure of the figures table with its value computed and its display settled. */
export interface ResolvedFigure {
  name: string;
  num: Num;
  unit: string;
  show: '万元' | '亿元' | null;
  digits: number | null;
  word: boolean;
  /**
   * A value the writer typed (value or from) next to a computation (sum, difference, ratio,
   * growth): the computed figure is printed, and the rules in rules/figures.ts check that the
   * typed one agrees with it (parts add up to the whole; a rate follows its bases).
   */
  stated: { num: Num; typed: number; field: 'value' | 'from' } | null;
}

/** Prose after reference resolution: text pieces and figure names, in order. */
export type ProseSegment = { text: string } | { figure: string };

const REF = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function parseProse(text: string): ProseSegment[] {
  const out: ProseSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(REF)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ figure: m[1] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

function getAt(root: unknown, path: PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return cur;
}

const MONEY = new Set(['万元', '亿元']);

/**
 * Resolves the figures table: values, dataset references (from), and computed figures
 * (sum, difference, ratio, growth), each traced to its sources. Amounts are held in 万元
 * whatever unit they were typed in, so they can be added and compared.
 */
export function resolveFigures(
  figures: Record<string, FigureInput>,
  dataset: unknown,
  sourceMap: SourceMap,
  basePath: PathSegment[] = ['figures'],
): { figures: Map<string, ResolvedFigure>; issues: Issue[] } {
  const issues: Issue[] = [];
  const done = new Map<string, ResolvedFigure>();
  const visiting = new Set<string>();
  const fail = (name: string, field: string, message: string, actual?: string): null => {
    const issue: Issue = {
      code: 'figure-invalid',
      severity: 'error',
      message: `数据表中的“${name}”${message}`,
      place: sourceMap.locate([...basePath, name, field]),
    };
    if (actual !== undefined) issue.actual = actual;
    issues.push(issue);
    return null;
  };

  const resolve = (name: string, from?: string): ResolvedFigure | null => {
    const hit = done.get(name);
    if (hit) return hit;
    const f = figures[name];
    if (!f) {
      if (from) fail(from, 'unit', `引用了不存在的数据“${name}”，请检查名称。`, name);
      return null;
    }
    if (visiting.has(name)) return fail(name, 'unit', '的计算引用了自身（循环引用）。');
    visiting.add(name);
    const path = pathOf(basePath, name);
    const typedKinds = (['value', 'from'] as const).filter((k) => f[k] !== undefined);
    const kinds = (['sum', 'difference', 'ratio', 'growth'] as const).filter((k) => f[k] !== undefined);
    let result: Num | null = null;
    let stated: ResolvedFigure['stated'] = null;
    const scale = f.unit === '亿元' ? 10000 : 1;
    if (typedKinds.length > 1 || kinds.length > 1 || typedKinds.length + kinds.length === 0) {
      fail(
        name,
        'unit',
        `须给出 value 或 from（所填数值）之一，或 sum、difference、ratio、growth（由其他数据计算）之一，或两类各一项（此时二者须一致）；实给出 ${[...typedKinds, ...kinds].join('、') || '无'}。`,
      );
    } else {
      let typed: ResolvedFigure['stated'] = null;
      if (f.value !== undefined) {
        typed = { num: new Num(new D(f.value).mul(scale), { path: `${path}.value` }), typed: f.value, field: 'value' };
      } else if (f.from !== undefined) {
        const v = getAt(dataset, parsePath(f.from));
        if (typeof v !== 'number') fail(name, 'from', `的来源“${f.from}”在数据集中不存在或不是数字，请检查路径。`, f.from);
        else typed = { num: num(new D(v).mul(scale), f.from), typed: v, field: 'from' };
      }
      if (!kinds.length) result = typed?.num ?? null;
      else {
        // Computed from other figures; a typed value beside it is kept for the agreement rules.
        stated = typed;
        const refs = (f.sum ?? f.difference ?? f.ratio ?? f.growth ?? []).map((r) => resolve(r, name));
        if (refs.every((r): r is ResolvedFigure => r !== null)) {
          const nums = refs.map((r) => r.num);
          const label = `数据表.${name}`;
          try {
            if (f.sum) result = sum(label, nums);
            else if (f.difference) result = difference(label, nums[0]!, nums[1]!);
            else if (f.ratio) result = ratio(label, nums[0]!, nums[1]!);
            else result = growth(label, nums[0]!, nums[1]!);
          } catch (e) {
            fail(name, kinds[0]!, `无法计算：${(e as Error).message}`);
          }
        }
      }
    }
    if ((f.ratio || f.growth) && f.unit !== '%') fail(name, 'unit', `是比率，单位应为“%”，实为“${f.unit}”。`, f.unit);
    if (f.show === '亿元' && !MONEY.has(f.unit)) fail(name, 'show', `以亿元显示时单位应为万元或亿元，实为“${f.unit}”。`, f.unit);
    visiting.delete(name);
    if (!result) return null;
    const resolved: ResolvedFigure = {
      name,
      num: result,
      unit: f.unit,
      show: f.show ?? (f.unit === '亿元' ? '亿元' : f.unit === '万元' ? '万元' : null),
      digits: f.digits ?? null,
      word: f.word === '增减',
      stated,
    };
    done.set(name, resolved);
    return resolved;
  };

  for (const name of Object.keys(figures)) resolve(name);
  return { figures: done, issues };
}

function pathOf(base: PathSegment[], name: string): string {
  return [...base.map(String), name].join('.');
}

/** Every {{name}} in narrative text must name a figure; reports each one that does not. */
export function checkProseRefs(
  texts: { path: PathSegment[]; text: string }[],
  figures: Map<string, ResolvedFigure>,
  sourceMap: SourceMap,
): Issue[] {
  const issues: Issue[] = [];
  for (const { path, text } of texts) {
    for (const seg of parseProse(text)) {
      if ('figure' in seg && !figures.has(seg.figure)) {
        const known = [...figures.keys()].slice(0, 8).join('、');
        issues.push({
          code: 'prose-unknown-figure',
          severity: 'error',
          message: `文字中引用的数据“{{${seg.figure}}}”在数据表（figures）中不存在：请在数据表中添加它，或改正名称${known ? `（现有：${known}…）` : ''}。`,
          place: sourceMap.locate(path),
          actual: seg.figure,
        });
      }
    }
  }
  return issues;
}

/** All narrative strings of a dataset with their paths: any lead/text under the given roots. */
export function collectProse(value: unknown, path: PathSegment[] = []): { path: PathSegment[]; text: string }[] {
  const out: { path: PathSegment[]; text: string }[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...collectProse(v, [...path, i])));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'lead' || k === 'text') && typeof v === 'string') out.push({ path: [...path, k], text: v });
      else if (k !== 'figures') out.push(...collectProse(v, [...path, k]));
    }
  }
  return out;
}

