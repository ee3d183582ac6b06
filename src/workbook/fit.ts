import type { PathSegment } from '../load/path';
import type { GridSheet, KindWorkbook, ListForm, ListRow } from './spec';

/**
 * What a workbook can hold of a dataset. The workbook is a view of the dataset for people: a few
 * forms the JSON allows have no place in it (a whole report embedded in an attachments entry).
 * Export refuses those by name before writing, so nothing is lost silently.
 */

const isScalar = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

/** The form an item of a list takes, or null when it fits none. */
export function formOf(forms: readonly ListForm[], item: unknown): ListForm | null {
  if (isScalar(item)) return forms.find((f) => !f.field) ?? null;
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    const keys = Object.keys(item);
    if (keys.length !== 1) return null;
    const form = forms.find((f) => f.field === keys[0]);
    return form && isScalar((item as Record<string, unknown>)[keys[0]!]) ? form : null;
  }
  return null;
}

/** A value of a dataset the workbook cannot hold: where, and why (Chinese, with the fix). */
export interface Unfit {
  path: PathSegment[];
  message: string;
}

function listUnfits(list: ListRow, items: unknown): Unfit[] {
  if (!list.forms || !Array.isArray(items)) return [];
  const out: Unfit[] = [];
  const base = list.path.split('.');
  items.forEach((item, i) => {
    if (!formOf(list.forms!, item)) out.push({ path: [...base, i], message: (list.unfit ?? '第 {n} 项的写法工作簿中无法填写。').replace('{n}', String(i + 1)) });
  });
  return out;
}

/** Everything in `data` the kind's workbook cannot hold. */
export function workbookUnfits(spec: KindWorkbook, data: unknown): Unfit[] {
  const at = (path: string) => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);
  const out: Unfit[] = [];
  for (const sheet of spec.sheets) {
    if (sheet.type !== 'grid') continue;
    for (const row of (sheet as GridSheet).rows) if (row.kind === 'list') out.push(...listUnfits(row, at(row.path)));
  }
  return out;
}
