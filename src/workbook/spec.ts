import type { z } from 'zod';
import type { ClassifiedKey } from '../model/classified';

/**
 * A report kind's workbook, described as data: which sheets, which rows, which dataset path each
 * row holds. The same description drives the writer (init / export) and the reader, so a kind is
 * added by describing its workbook once (see final-accounts.ts), not by writing a reader.
 *
 * Layout shared by every sheet:
 * - column A (hidden) holds each row's key: the dataset path the row stands for;
 * - row 1 (hidden) holds each column's key (A1 is "#sheet:<id>", marking the key column);
 * - rows whose key starts with "#" (title, header, section) and rows without a key are not data.
 * The reader finds rows and columns by these keys, never by position or label, so writers may
 * reorder rows, insert comment rows and rename labels.
 */

/**
 * How a cell's content becomes a dataset value.
 * amount: a number in the unit of the row (万元); rate: a percentage as printed (100.08 means
 * 100.08%, a percent-formatted cell showing 100.08% holds 1.0008); count: a whole number ≥ 0;
 * int: a whole number; number: any number; text / longtext: a string (longtext wraps);
 * date: YYYY-MM-DD; kind: the report kind, shown by its Chinese name; bool: 是 / 否 (a drop-down);
 * digits: decimal places, a whole number 0–4.
 */
export type ValueType = 'amount' | 'rate' | 'count' | 'int' | 'number' | 'text' | 'longtext' | 'date' | 'kind' | 'bool' | 'digits';

export interface ValueColumn {
  /** Column key; replaces "*" in row paths (district → generalBudget.district.income.total). */
  key: string;
  title: string;
}

export interface SectionRow {
  kind: 'section';
  label: string;
}

export interface ValueRow {
  kind: 'value';
  /**
   * Dataset path. With "*" the row has one cell per value column (the column key replaces "*");
   * without, one cell spanning the value columns.
   */
  path: string;
  label: string;
  type: ValueType;
  unit?: string;
  /**
   * A total kept as a formula: "{path}" stands for that row's cell in the same column, "{list}"
   * for SUM over a list's amounts; e.g. "{a.*.current.amount}+{a.*.lines}".
   */
  formula?: string;
  /** A hint printed in the notes column of a new workbook. */
  hint?: string;
  /** A text that is one of a few values, shown and picked by their Chinese labels (a drop-down). */
  choices?: readonly Choice[];
  /** What the choices print, shown beside the cell (the 格式 sheet's 示例 column). */
  example?: string;
}

/** A dataset value and the label a writer sees and picks for it. */
export interface Choice {
  value: string;
  label: string;
}

export interface ListField {
  /** Field of each item; null when the item is the value itself (a list of strings). */
  field: string | null;
  /** Column key the field sits in: "label" or a value column key. */
  column: string;
  type: ValueType;
}

/**
 * One form an item of a list may take, picked in the item's label column: the value itself (an
 * attachment's name), or an object holding the value in one field ({"report": "file.json"}).
 */
export interface ListForm {
  /** Shown in the label column, and offered in its drop-down. */
  label: string;
  /** The field holding the value; without it the item is the value. */
  field?: string;
}

/** A list of items, one row each; the key is "path[index]" and items keep the rows' order. */
export interface ListRow {
  kind: 'list';
  path: string;
  /** The header row above the items. */
  label: string;
  fields: ListField[];
  /** Label shown on each item row when no field sits in the label column. */
  itemLabel?: string;
  unit?: string;
  /** Empty rows in a new workbook (and spare rows after the items of an exported one). */
  blankRows?: number;
  /**
   * Forms of an item with one value field (field null): the label column says which form the
   * row's value takes; an empty label column means the first form.
   */
  forms?: readonly ListForm[];
  /** Why an item fitting no form cannot be written, and what to do ({n}: the item's number). */
  unfit?: string;
  /**
   * Items with parts of their own, on the rows below them: a row whose `column` names an earlier
   * item of the list is a part of it (in the item's `field` list). A line's 含… parts, the revenue
   * items under 税收收入.
   */
  parts?: ListParts;
}

export interface ListParts {
  /** The column (a list column of the sheet) naming the item a row is part of. */
  column: string;
  /** The item's field holding its parts. */
  field: string;
  /** How deep parts may go (1: parts have no parts); unlimited without. */
  depth?: number;
  /** The fields a part has, where fewer than an item's. */
  fields?: readonly string[];
}

export type GridRow = SectionRow | ValueRow | ListRow;

/** Rows of labelled values: 项目 | 单位 | one column per scope (or one value column) | list columns | 说明. */
export interface GridSheet {
  type: 'grid';
  id: string;
  name: string;
  title: string;
  columns: ValueColumn[];
  /** Columns only items of lists use (减项, 含于, 上级项目): grey on value rows. */
  listColumns?: ValueColumn[];
  /** A line under the header telling the writer what may be left out. */
  note?: string;
  rows: GridRow[];
}

export interface NarrativePart {
  /** Dataset path of the list of items, e.g. analysis.incomeFeatures. */
  path: string;
  label: string;
  /** Item rows in a new workbook, and point rows under each. */
  items?: number;
  points?: number;
}

/**
 * Narrative items one per row: 部分 | 序号 | 分项 | 引领语 | 正文 | 说明. A row with 分项 empty is
 * an item; a row with 分项 n is point n of the item with the same 序号.
 */
export interface NarrativeSheet {
  type: 'narrative';
  id: string;
  name: string;
  title: string;
  parts: NarrativePart[];
}

/**
 * The figures table prose refers to as {{名称}}: one figure per row,
 * 名称 | 数值 | 计算方式 | 计算对象 | 单位 | 显示为 | 小数位 | 用词 | 说明.
 */
export interface FiguresSheet {
  type: 'figures';
  id: string;
  name: string;
  title: string;
  path: string;
  blankRows?: number;
}

/**
 * A dataset's own tables (path "tables"), one block of rows each: title, unit, widths, header rows,
 * body rows, note; the cells from column C on, merges as merged cells (build-tables.ts).
 */
export interface TablesSheet {
  type: 'tables';
  id: string;
  name: string;
  title: string;
  path: string;
  /** Table columns offered in a new workbook (more when a table needs them). */
  minColumns?: number;
  /** Body rows of the blank table block in a new workbook. */
  blankRows?: number;
}

/**
 * The body of a narrative report (performance report, work plan) in document order, one row per
 * part: 类型 | 级别 | 标题／引领语 | 正文 | 连排 | 下级排法 | 说明. A 部分 row is a section (级别 1–4:
 * 一、（一）1.（1）), a 条目 row an item (级别: 1 for an item of the section above, 2 for an item of
 * that item …), a 分点 row a point of the item above, a 段落 row one more paragraph of what is above
 * it, a 结束语 row a closing paragraph (build-outline.ts, load/xlsx-outline.ts).
 */
export interface OutlineSheet {
  type: 'outline';
  id: string;
  name: string;
  title: string;
  /** The dataset fields the sheet holds (the document body). */
  paths: string[];
  /** Empty rows in a new workbook (and spare rows after an exported body). */
  blankRows?: number;
}

/**
 * The house style (style/schema.ts), one choice a row: 项目 | 选择 | 示例 | 说明, the choices the
 * schema's own words in drop-downs. Below them two tables: per-figure number formats (one row a
 * figure) and paragraphs written in data (one row a paragraph, rows with the same place a list).
 * Or the name of a style file in the first row, in place of all of them (build-style.ts,
 * load/xlsx-style.ts). An empty sheet is the default style.
 */
export interface StyleSheet {
  type: 'style';
  id: string;
  name: string;
  title: string;
  /** The dataset field the sheet holds (style). */
  path: string;
  /** The row naming a style file instead (its path is the sheet's). */
  file: { label: string; hint: string };
  /** Choices, paths relative to the style. */
  rows: (SectionRow | ValueRow)[];
  tables: StyleTable[];
}

/** A record of the style as a table: a key column and a few field columns. */
export interface StyleTable {
  /** Field of the style (formats, paragraphs). */
  path: string;
  /** The line above the table, saying how to fill it. */
  label: string;
  /** The key column: its title, and the keys a writer picks from, where they are few. */
  key: { title: string; choices?: readonly string[] };
  /** Each field's column (a key of STYLE_COLUMNS other than the key's, "label"). */
  fields: { field: string; title: string; type: ValueType; column: string; choices?: readonly string[] }[];
  /**
   * record: one row a key, the fields an object (formats); paragraphs: a row is a text, or
   * {text, zeroText} with its second field, and rows with the same key a list.
   */
  shape: 'record' | 'paragraphs';
  blankRows: number;
}

/**
 * A standard 决算草案表 in the finance system's export shape (build-classified.ts): no hidden keys,
 * so an export pasted over it reads; the header found by its words, rows by their 科目编码
 * (load/xlsx-classified.ts). Found by its name, or by its title in the first rows.
 */
export interface ClassifiedSheet {
  type: 'classified';
  id: string;
  name: string;
  title: string;
  /** The table under `classified` (model/classified.ts). */
  table: ClassifiedKey;
}

export type SheetSpec = GridSheet | NarrativeSheet | FiguresSheet | TablesSheet | OutlineSheet | StyleSheet | ClassifiedSheet;

export interface KindWorkbook {
  /** The dataset's kind field. */
  kind: string;
  /** Chinese name, shown in the 报告类型 cell and in messages. */
  name: string;
  /** The dataset schema: which paths are required, and what export checks before writing. */
  schema: z.ZodType;
  sheets: SheetSpec[];
  /** Values a new workbook is filled with from `init --district/--year`. */
  prefill?(options: { district?: string; year?: number }): Record<string, string | number>;
  /** File name of a new workbook (without .xlsx). */
  fileName(options: { district?: string; year?: number }): string;
}

type NewWorkbook = { district?: string; year?: number };

/** A new workbook's file name: district, year and what it holds (莱芜区2024年决算报告数据). */
export const newWorkbookName =
  (what: string) =>
  ({ district, year }: NewWorkbook): string =>
    `${district ?? ''}${year ? `${year}年` : ''}${what}`;

/** The 基本信息 cells `init --district/--year` fills in, in every kind of workbook. */
export function prefillDistrictYear({ district, year }: NewWorkbook): Record<string, string | number> {
  return { ...(district ? { 'meta.district': district } : {}), ...(year ? { 'meta.year': year } : {}) };
}

/** The first rows of every kind's 基本信息 sheet. */
export const KIND_ROW: GridRow = { kind: 'value', path: 'kind', label: '报告类型', type: 'kind', hint: '请勿修改' };
export const DISTRICT_ROW: GridRow = { kind: 'value', path: 'meta.district', label: '区名（如 莱芜区）', type: 'text' };

export const KEY_MARK = '#sheet:';

/** The 格式 sheet's columns: 项目 | 选择 | 示例, and two more the tables use. */
export const STYLE_COLUMNS = ['label', 'value', 'example', 'more', 'last'] as const;
