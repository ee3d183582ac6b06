import type { Worksheet } from 'exceljs';
import { fitHeight, FONT, frame, HEADER_FILL, listValidation, sectionRow, style, WRAP } from './look';
import { inputCell } from './input';
import { STYLE_COLUMNS, type StyleSheet, type StyleTable } from './spec';

/**
 * Writes the 格式 sheet (see StyleSheet): the style file's name, or the style's choices one a row
 * with what each prints beside them, then the per-figure formats and the paragraphs written in
 * data as tables. A dataset without a style gives an empty sheet (the default style).
 */

export const STYLE_TITLES = ['项目', '选择', '示例', '', ''];
const WIDTHS = [28, 30, 66, 12, 10];
export const STYLE_HELP =
  '每行一项：在“选择”列从下拉列表中选择或填写；“示例”列是各个选择在报告中的写法（X 当年数，R 完成率，G 增长率，A a、B b 构成项目及金额，T 合计）。不填的项按默认格式；全部不填即默认格式。';

const get = (v: unknown, key: string): unknown => (v && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, key) ? (v as Record<string, unknown>)[key] : undefined);
const getPath = (v: unknown, path: string): unknown => path.split('.').reduce<unknown>((x, k) => get(x, k), v);

/** A table's rows as the sheet holds them: key and field values (a paragraph list one row an entry). */
export function tableRows(table: StyleTable, value: unknown): { key: string; fields: Record<string, unknown> }[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    if (table.shape === 'record') return [{ key, fields: v && typeof v === 'object' ? (v as Record<string, unknown>) : {} }];
    return (Array.isArray(v) ? v : [v]).map((p) => ({ key, fields: typeof p === 'string' ? { text: p } : p && typeof p === 'object' ? (p as Record<string, unknown>) : {} }));
  });
}

export function writeStyle(ws: Worksheet, sheet: StyleSheet, data: unknown): void {
  frame(ws, sheet, [...STYLE_COLUMNS], STYLE_TITLES, WIDTHS);
  const colOf = (key: string) => STYLE_COLUMNS.indexOf(key as (typeof STYLE_COLUMNS)[number]) + 2;
  const last = STYLE_COLUMNS.length + 1;
  const style_ = getPath(data, sheet.path);
  const ref = typeof style_ === 'string' ? style_ : undefined;
  const own = style_ && typeof style_ === 'object' ? style_ : undefined;
  let r = 4;
  sectionRow(ws, r++, STYLE_HELP, last, '#help');

  const example = (row: number, text: string) => {
    const c = ws.getCell(row, colOf('example'));
    c.value = text;
    style(c, { align: { ...WRAP, horizontal: 'left' }, font: { color: { argb: 'FF595959' } } });
  };
  const valueRow = (key: string, label: string, type: Parameters<typeof inputCell>[1], v: unknown, hint: string, choices?: readonly string[]) => {
    ws.getCell(r, 1).value = key;
    style(ws.getCell(r, 2), { align: { ...WRAP, horizontal: 'left' } });
    ws.getCell(r, 2).value = label;
    const cell = ws.getCell(r, colOf('value'));
    inputCell(cell, type, undefined, v, '');
    if (choices) cell.dataValidation = listValidation(choices);
    example(r, hint);
    fitHeight(ws, r, [
      { text: label, width: WIDTHS[0]! },
      { text: typeof v === 'string' ? v : '', width: WIDTHS[1]! },
      { text: hint, width: WIDTHS[2]! },
    ]);
    r++;
  };

  valueRow(sheet.path, sheet.file.label, 'text', ref, sheet.file.hint);
  for (const row of sheet.rows) {
    if (row.kind === 'section') {
      sectionRow(ws, r++, row.label, last);
      continue;
    }
    valueRow(
      `${sheet.path}.${row.path}`,
      row.label,
      row.type,
      getPath(own, row.path),
      row.example ?? row.hint ?? '',
      row.choices?.map((c) => c.label),
    );
  }

  for (const table of sheet.tables) {
    sectionRow(ws, r++, table.label, last, '#list');
    ws.getCell(r, 1).value = '#header';
    const head = (c: number, title: string) => {
      const cell = ws.getCell(r, c);
      cell.value = title;
      style(cell, { fill: HEADER_FILL, font: { ...FONT, bold: true }, align: { horizontal: 'center', wrapText: true } });
    };
    head(colOf('label'), table.key.title);
    for (const f of table.fields) head(colOf(f.column), f.title);
    r++;
    const rows = tableRows(table, get(own, table.path));
    const count = rows.length + (data === undefined || own === undefined ? table.blankRows : 2);
    for (let i = 0; i < count; i++) {
      const entry = rows[i];
      ws.getCell(r, 1).value = `${sheet.path}.${table.path}`;
      const key = ws.getCell(r, colOf('label'));
      inputCell(key, 'text', undefined, entry?.key, '');
      if (table.key.choices) key.dataValidation = listValidation(table.key.choices);
      for (const f of table.fields) {
        const cell = ws.getCell(r, colOf(f.column));
        inputCell(cell, f.type, undefined, entry?.fields[f.field], '');
        if (f.choices) cell.dataValidation = listValidation(f.choices);
      }
      fitHeight(
        ws,
        r,
        table.fields.map((f) => ({ text: typeof entry?.fields[f.field] === 'string' ? (entry.fields[f.field] as string) : '', width: WIDTHS[colOf(f.column) - 2]! })),
      );
      r++;
    }
  }
}
