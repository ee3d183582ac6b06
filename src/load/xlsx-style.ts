import type { Choice, StyleSheet, StyleTable, ValueRow } from '../workbook/spec';
import { normalizeText } from '../workbook/cells';
import type { CellPlace, SheetIndex, WorkbookReader } from './xlsx';

/**
 * Reads the 格式 sheet (see workbook/build-style.ts) into the dataset's `style`: the style file's
 * name when one is given, else an object of the choices filled in, the per-figure formats and the
 * paragraphs written in data; nothing when the sheet is empty (the default style). Choices are
 * the schema's own words; anything else is an error at its cell naming the words allowed.
 */

type Read = { value: unknown; at: CellPlace };

const words = (list: readonly string[]): Choice[] => list.map((w) => ({ value: w, label: w }));

/** Sets a value at a path of plain own properties (keys as written: 一般公共预算收入, {{年度}}…). */
function put(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = root;
  path.forEach((seg, i) => {
    if (i === path.length - 1) Object.defineProperty(cur, seg, { value, enumerable: true, writable: true, configurable: true });
    else {
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) Object.defineProperty(cur, seg, { value: {}, enumerable: true, writable: true, configurable: true });
      cur = cur[seg] as Record<string, unknown>;
    }
  });
}

interface TableRow {
  row: number;
  key: Read;
  fields: Map<string, Read>;
}

export function readStyle(reader: WorkbookReader, idx: SheetIndex, sheet: StyleSheet): void {
  const { ws, cols } = idx;
  const col = (k: string) => cols.get(k)!;
  const base = sheet.path;
  const rows = new Map<string, ValueRow>();
  for (const row of sheet.rows) if (row.kind === 'value') rows.set(`${base}.${row.path}`, row);
  const tables = new Map(sheet.tables.map((t) => [`${base}.${t.path}`, t]));
  const seen = new Map<string, number>();
  let file: Read | undefined;
  const values: { row: ValueRow; read: Read }[] = [];
  const tableRows = new Map<StyleTable, TableRow[]>(sheet.tables.map((t) => [t, []]));

  reader.rows(idx, ['value', 'more', 'last'].map(col), (r, key) => {
    const table = tables.get(key);
    if (table) {
      const keyRead = reader.value(ws, r, col('label'), 'text', `${base}.${table.path}`, undefined, table.key.title);
      const fields = new Map<string, Read>();
      for (const f of table.fields) {
        const read = reader.value(ws, r, col(f.column), f.type, `${base}.${table.path}`, undefined, f.title);
        fields.set(f.field, f.choices ? { ...read, value: reader.choice(f.title, words(f.choices), read.value, read.at, `${base}.${table.path}`) } : read);
      }
      tableRows.get(table)!.push({ row: r, key: keyRead, fields });
      return;
    }
    const row = rows.get(key);
    if (key !== base && !row) return reader.unknownKey(idx, r, key);
    const first = seen.get(key);
    if (first !== undefined) return reader.duplicate(idx, key, first, r);
    seen.set(key, r);
    if (!row) {
      file = reader.value(ws, r, col('value'), 'text', base, undefined, sheet.file.label);
      reader.place(base, file.at);
      return;
    }
    const path = `${base}.${row.path}`;
    const read = reader.value(ws, r, col('value'), row.type, path, undefined, row.label);
    reader.place(path, read.at);
    values.push({ row, read: row.choices ? { ...read, value: reader.choice(row.label, row.choices, read.value, read.at, path) } : read });
  });

  const style: Record<string, unknown> = {};
  const filled: CellPlace[] = [];
  for (const { row, read } of values) {
    if (read.value === undefined) continue;
    put(style, row.path.split('.'), read.value);
    filled.push(read.at);
  }
  for (const table of sheet.tables) {
    const out = readTable(reader, table, tableRows.get(table)!, `${base}.${table.path}`);
    if (out.filled.length) {
      put(style, [table.path], out.value);
      filled.push(...out.filled);
    }
  }

  if (file?.value !== undefined) {
    if (filled.length)
      reader.issue(
        'xlsx-style-file',
        `已填写“格式文件”（${String(file.value)}），本表中其他各项（${filled.map((f) => f.cell).join('、')}）不会被使用：请清空这些单元格，或清空“格式文件”而按本表填写格式。`,
        file.at,
        base,
        'error',
        String(file.value),
      );
    reader.set(base, String(file.value), file.at);
    return;
  }
  if (filled.length) reader.set(base, style);
}

/** A table's rows as its record: formats by name; paragraphs by place (a text, or {text, zeroText}; several a list). */
function readTable(reader: WorkbookReader, table: StyleTable, rows: TableRow[], path: string): { value: Record<string, unknown>; filled: CellPlace[] } {
  const value: Record<string, unknown> = {};
  const filled: CellPlace[] = [];
  const firstRow = new Map<string, number>();
  const paragraphs = new Map<string, { text: Read; zeroText: Read; heading: Read | undefined; key: Read }[]>();
  for (const { row, key, fields } of rows) {
    const given = [...fields.values()].filter((f) => f.value !== undefined);
    if (key.value === undefined) {
      if (given.length)
        reader.issue(
          'xlsx-style-table',
          `“${table.label.split('：')[0]}”第 ${row} 行填写了内容，但没有“${table.key.title}”：请填写${table.key.choices ? '（从下拉列表中选择）' : ''}，或清空这一行。`,
          key.at,
          path,
        );
      continue;
    }
    const name = normalizeText(String(key.value));
    if (table.key.choices && !table.key.choices.includes(name)) {
      reader.issue(
        'xlsx-choice',
        `“${table.key.title}”为“${name}”，无法识别：应为 ${table.key.choices.map((c) => `“${c}”`).join('、')} 之一（可从下拉列表中选择）。`,
        key.at,
        `${path}.${name}`,
        'error',
        name,
      );
      continue;
    }
    filled.push(key.at, ...given.map((g) => g.at));
    if (table.shape === 'record') {
      const prior = firstRow.get(name);
      if (prior !== undefined) {
        reader.issue('xlsx-style-table', `“${table.key.title}”中的“${name}”出现了两次（第 ${prior} 行和第 ${row} 行）：每个名称只填一行，请合并或删除。`, key.at, `${path}.${name}`, 'error', name);
        continue;
      }
      firstRow.set(name, row);
      const entry: Record<string, unknown> = {};
      reader.place(`${path}.${name}`, key.at);
      for (const [field, f] of fields) {
        reader.place(`${path}.${name}.${field}`, f.at);
        if (f.value !== undefined) entry[field] = f.value;
      }
      put(value, [name], entry);
      continue;
    }
    const text = fields.get('text')!;
    const zeroText = fields.get('zeroText')!;
    if (text.value === undefined) {
      if (zeroText.value !== undefined)
        reader.issue('xlsx-style-table', `第 ${row} 行（${name}）只填了“全为零时的文字”，没有“文字”：请填写“文字”（金额不全为零时印出的段落）。`, text.at, `${path}.${name}`);
      else reader.issue('xlsx-style-table', `第 ${row} 行选了位置“${name}”，但没有填写“文字”：请填写这一段，或清空“位置”。`, text.at, `${path}.${name}`);
      continue;
    }
    const list = paragraphs.get(name) ?? [];
    list.push({ text, zeroText, heading: fields.get('heading'), key });
    paragraphs.set(name, list);
  }
  for (const [name, list] of paragraphs) {
    const at = `${path}.${name}`;
    const entry = (p: (typeof list)[number], where: string): unknown => {
      const heading = p.heading?.value;
      if (p.zeroText.value === undefined && heading === undefined) {
        reader.place(where, p.text.at);
        return p.text.value;
      }
      reader.place(where, p.key.at);
      reader.place(`${where}.text`, p.text.at);
      const out: Record<string, unknown> = { text: p.text.value };
      if (p.zeroText.value !== undefined) {
        reader.place(`${where}.zeroText`, p.zeroText.at);
        out.zeroText = p.zeroText.value;
      }
      if (heading !== undefined) {
        reader.place(`${where}.heading`, p.heading!.at);
        out.heading = heading;
      }
      return out;
    };
    if (list.length === 1) put(value, [name], entry(list[0]!, at));
    else {
      reader.place(at, list[0]!.key.at);
      put(value, [name], list.map((p, i) => entry(p, `${at}[${i}]`)));
    }
  }
  return { value, filled };
}
