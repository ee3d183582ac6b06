import { parsePath, pathToString, type PathSegment } from '../load/path';
import type { SourceMap } from '../load/source-map';
import { StyleSchema } from '../style/schema';
import { BUDGET_PLACES, TEMPLATE_PLACES } from '../style/places';
import { zodToIssues } from '../validate/zod-issues';
import { sectionsOf } from './schema-paths';
import { layoutGrid, TableShapeError } from '../model/table-grid';
import type { TableCellInput } from '../validate/schema/tables';
import { CLASSIFIED_SPEC, type ClassifiedKey } from '../model/classified';
import type { GridSheet, KindWorkbook, ListForm, ListRow, StyleSheet, TablesSheet } from './spec';

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

/**
 * A style the 格式 sheet cannot hold: one its own schema refuses (a word not in a drop-down, an
 * unknown field), or a paragraph for a place the drop-down has not.
 */
function styleUnfits(sheet: StyleSheet, style: unknown): Unfit[] {
  if (!style || typeof style !== 'object') return [];
  const refuse = (why: string) => `格式中${why}，工作簿的“格式”表中无法填写：请先改正（fiscal-report validate 会指出问题），再导出。`;
  const parsed = StyleSchema.safeParse(style);
  if (!parsed.success) {
    const located: SourceMap = { file: '', locate: (p) => ({ file: '', path: pathToString(p) }) };
    return zodToIssues(parsed.error, style, located, (p) => `格式.${p.join('.')}`).map((i) => ({
      path: [sheet.path, ...parsePath(i.place?.path ?? '')],
      message: refuse(`有误（${i.message.replace(/。$/, '')}）`),
    }));
  }
  const places = sheet.tables.find((t) => t.shape === 'paragraphs')?.key.choices ?? [];
  const out: Unfit[] = [];
  for (const [k, v] of Object.entries(parsed.data.paragraphs ?? {})) {
    const list = Array.isArray(v) ? v : [v];
    // The sheet's rows are paragraphs of the places in its drop-down: not a place added after any
    // other (….之后 beyond the list), or a paragraph left out ([]).
    if (!places.includes(k)) out.push({ path: [sheet.path, 'paragraphs', k], message: refuse(`段落的位置“${k}”在“格式”表的下拉列表中没有（请用格式文件）`) });
    else if (!list.length && REPLACEABLE.has(k)) out.push({ path: [sheet.path, 'paragraphs', k], message: refuse(`“${k}”写成不写这一段（[]）（请用格式文件）`) });
  }
  return out;
}

/** Places whose paragraph a style replaces: [] there leaves it out, so it is not the same as nothing. */
const REPLACEABLE = new Set([...BUDGET_PLACES, ...TEMPLATE_PLACES]);

/** Everything in `data` the kind's workbook cannot hold. */
export function workbookUnfits(spec: KindWorkbook, data: unknown): Unfit[] {
  const out: Unfit[] = [];
  for (const sheet of spec.sheets) {
    if (sheet.type === 'style') out.push(...styleUnfits(sheet, at(data, sheet.path)));
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

/**
 * A style as the 格式 sheet gives it back: a paragraph {text} alone is its text, a list of one
 * paragraph that paragraph; a group of choices left empty ({} scopes) is no group; an empty
 * style is none (the default).
 */
function canonicalStyle(style: unknown): unknown {
  if (!style || typeof style !== 'object' || Array.isArray(style)) return style;
  const para = (p: unknown) => (p && typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 1 && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : p);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(style)) {
    const value =
      k === 'paragraphs' && v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([place, x]) => !Array.isArray(x) || x.length || REPLACEABLE.has(place))
              .map(([place, x]) => [place, Array.isArray(x) ? (x.length === 1 ? para(x[0]) : x.map(para)) : para(x)]),
          )
        : v;
    if (value && typeof value === 'object' && !Array.isArray(value) && !Object.keys(value).length) continue;
    out[k] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

/** A list's items without empty lists of parts (a line's includes: [], an item's items: []). */
function withoutEmptyParts(items: unknown[], field: string): unknown[] {
  return items.map((item) => {
    if (!item || typeof item !== 'object') return item;
    const { [field]: parts, ...rest } = item as Record<string, unknown>;
    if (!Array.isArray(parts) || !parts.length) return rest;
    return { ...rest, [field]: withoutEmptyParts(parts, field) };
  });
}

function getPath(data: unknown, path: readonly PathSegment[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k as string] : undefined), data);
}

/** A copy of data with the value at path replaced (undefined: removed). */
function withPath(data: unknown, path: readonly PathSegment[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const obj = { ...(data as Record<string, unknown>) };
  const next = withPath(obj[head as string], rest, value);
  if (next === undefined) delete obj[head as string];
  else obj[head as string] = next;
  return obj;
}

/**
 * A standard table as its sheet gives it back: rows are recognised by code, so a standard row's name
 * is the standard one (a name given for it is not kept), a row without figures is no row, and the
 * rows the text prints are those marked among the rows; a table without rows or total is none.
 */
function canonicalClassified(key: ClassifiedKey, table: unknown): unknown {
  if (!table || typeof table !== 'object') return table;
  const spec = CLASSIFIED_SPEC.get(key)!;
  const standard = new Set(spec.rows.map((r) => r.code));
  const t = table as { total?: Record<string, unknown>; rows?: Record<string, unknown>[]; note?: string; textItems?: string[] };
  const figures = (o: Record<string, unknown>) => Object.keys(o).some((k) => k !== 'code' && k !== 'name');
  const rows = (t.rows ?? []).filter(figures).map((r) => (standard.has(String(r.code)) ? Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'name')) : r));
  const out: Record<string, unknown> = {};
  if (t.total && Object.keys(t.total).length) out.total = t.total;
  if (!rows.length && !out.total) return undefined;
  out.rows = rows;
  if (t.note !== undefined) out.note = t.note;
  const codes = rows.map((r) => String(r.code));
  const marked = (t.textItems ?? []).filter((c) => codes.includes(c));
  if (marked.length) out.textItems = codes.filter((c) => marked.includes(c));
  return out;
}

/** The dataset as its workbook gives it back (see above); the value itself is not changed. */
export function canonicalData(spec: KindWorkbook, data: unknown): unknown {
  let out = data;
  for (const sheet of spec.sheets) {
    if (sheet.type === 'style' && out && typeof out === 'object') {
      const style = (out as Record<string, unknown>)[sheet.path];
      if (style !== undefined) out = withPath(out, [sheet.path], canonicalStyle(style));
      continue;
    }
    if (sheet.type === 'grid' && out && typeof out === 'object') {
      // An optional list left empty reads back as no list; so do the empty parts of an item.
      for (const row of sheet.rows) {
        if (row.kind !== 'list') continue;
        const path = parsePath(row.path);
        const items = getPath(out, path);
        if (!Array.isArray(items)) continue;
        if (!items.length && !sectionsOf(spec.schema, path).required) out = withPath(out, path, undefined);
        else if (row.parts) out = withPath(out, path, withoutEmptyParts(items, row.parts.field));
      }
      continue;
    }
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
    if (sheet.type === 'classified' && out && typeof out === 'object') {
      const path = ['classified', sheet.table];
      const table = getPath(out, path);
      if (table === undefined) continue;
      out = withPath(out, path, canonicalClassified(sheet.table, table));
      if (getPath(out, ['classified']) && !Object.keys(getPath(out, ['classified']) as object).length) out = withPath(out, ['classified'], undefined);
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
