import type { PathSegment } from '../load/path';
import { layoutGrid, TableShapeError } from '../model/table-grid';
import type { TableCellInput } from '../validate/schema/tables';
import type { GridSheet, KindWorkbook, ListForm, ListRow, TablesSheet } from './spec';

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

interface TableLike {
  title?: string;
  header?: TableCellInput[][];
  rows?: TableCellInput[][];
  widths?: number[];
}

const spansOf = (c: TableCellInput) => (c && typeof c === 'object' ? { ...(c.colSpan ? { colSpan: c.colSpan } : {}), ...(c.rowSpan ? { rowSpan: c.rowSpan } : {}) } : {});

/** A table is written onto the sheet's grid of cells: one that does not form a grid cannot be. */
function tableUnfits(sheet: TablesSheet, tables: unknown): Unfit[] {
  if (!Array.isArray(tables)) return [];
  const out: Unfit[] = [];
  (tables as TableLike[]).forEach((t, i) => {
    const name = `表格“${t.title ?? i + 1}”`;
    const refuse = (path: PathSegment[], why: string) =>
      out.push({ path: [sheet.path, i, ...path], message: `${name}${why}，无法排成工作簿中的单元格：请先改正（fiscal-report validate 会指出问题），再导出。` });
    const columns: number[] = [];
    for (const part of ['header', 'rows'] as const) {
      const rows = t[part] ?? [];
      if (!rows.length) continue;
      try {
        columns.push(layoutGrid(rows.map((r) => r.map(spansOf))).columns);
      } catch (e) {
        if (!(e instanceof TableShapeError)) throw e;
        refuse([part, e.row - 1], `的${part === 'header' ? '表头' : '表体'}${e.message}`);
        return;
      }
    }
    if (columns.length === 2 && columns[0] !== columns[1]) refuse(['rows'], `的表头有 ${columns[0]} 列，表体有 ${columns[1]} 列`);
    else if (t.widths && columns.length && t.widths.length !== columns[0]) refuse(['widths'], `有 ${columns[0]} 列，列宽却给了 ${t.widths.length} 个`);
  });
  return out;
}

const at = (data: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);

/** Everything in `data` the kind's workbook cannot hold. */
export function workbookUnfits(spec: KindWorkbook, data: unknown): Unfit[] {
  const out: Unfit[] = [];
  for (const sheet of spec.sheets) {
    if (sheet.type === 'grid') for (const row of (sheet as GridSheet).rows) if (row.kind === 'list') out.push(...listUnfits(row, at(data, row.path)));
    if (sheet.type === 'tables') out.push(...tableUnfits(sheet, at(data, sheet.path)));
  }
  return out;
}

// ── Canonical forms ────────────────────────────────────────────────────────────────────────────
// A few things the JSON may say in two ways that print alike come back from a workbook in one way:
// a table cell {"text": "x"} without spans is the cell "x"; a text cell is trimmed, an empty one
// null; a cell with both value and text shows its value. Export compares the workbook read back
// with the dataset in this form.

function canonicalCell(c: TableCellInput): TableCellInput {
  if (typeof c === 'string') return c.trim() === '' ? null : c.trim();
  if (c === null || typeof c === 'number') return c;
  const shown: { value?: number; text?: string } = c.value !== undefined ? { value: c.value } : c.text !== undefined && c.text.trim() !== '' ? { text: c.text.trim() } : {};
  const spans = { ...((c.colSpan ?? 1) > 1 ? { colSpan: c.colSpan } : {}), ...((c.rowSpan ?? 1) > 1 ? { rowSpan: c.rowSpan } : {}) };
  if (!Object.keys(spans).length) return shown.value ?? shown.text ?? null;
  return { ...shown, ...spans };
}

/**
 * A narrative body: one paragraph given as a list of one is that paragraph; an empty list of
 * items, sections or points is no list.
 */
function canonicalBody(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonicalBody);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if ((k === 'items' || k === 'sections' || k === 'points') && Array.isArray(x) && !x.length) continue;
    out[k] = (k === 'text' || k === 'closing') && Array.isArray(x) && x.length === 1 ? x[0] : canonicalBody(x);
  }
  return out;
}

/** The dataset as its workbook gives it back (see above); the value itself is not changed. */
export function canonicalData(spec: KindWorkbook, data: unknown): unknown {
  let out = data;
  for (const sheet of spec.sheets) {
    if (sheet.type === 'outline' && out && typeof out === 'object') {
      const body = { ...(out as Record<string, unknown>) };
      for (const p of sheet.paths) {
        if (body[p] === undefined) continue;
        const c = canonicalBody({ [p]: body[p] }) as Record<string, unknown>;
        if (c[p] === undefined) delete body[p];
        else body[p] = c[p];
      }
      out = body;
      continue;
    }
    if (sheet.type !== 'tables') continue;
    const tables = at(out, sheet.path);
    if (!Array.isArray(tables)) continue;
    out = {
      ...(out as Record<string, unknown>),
      [sheet.path]: (tables as Record<string, unknown>[]).map((t) => ({
        ...t,
        ...(Array.isArray(t.header) ? { header: (t.header as TableCellInput[][]).map((r) => r.map(canonicalCell)) } : {}),
        ...(Array.isArray(t.rows) ? { rows: (t.rows as TableCellInput[][]).map((r) => r.map(canonicalCell)) } : {}),
      })),
    };
  }
  return out;
}
