import type { Worksheet } from 'exceljs';
import { layoutGrid } from '../model/table-grid';
import type { TableCellInput } from '../validate/schema/tables';
import { fitHeight, FONT, frame, INPUT_FILL, sectionRow, style, WRAP } from './look';
import type { TablesSheet } from './spec';

/**
 * The sheet of a dataset's own tables (`tables`): each table a block of rows — title, unit,
 * column widths, header rows, body rows, note — with the table's cells from column C on, merges as
 * merged cells. A writer pastes a table from another workbook into a block, merges and all.
 * Rows are keyed "tables[].title", "tables[].header[]" …: a table starts at its title row, so a
 * block copied whole (with the hidden column A) adds a table.
 */

export const TABLE_COLUMNS = ['label', 'cells'];

/** Row keys of a block, in order, with the label shown in column B. */
export const TABLE_ROWS = {
  title: '表格标题',
  unit: '单位（可不填，如 万元）',
  widths: '列宽（可不填，各列相对宽度）',
  header: '表头',
  rows: '表体',
  note: '表注（可不填）',
} as const;

export type TablePart = keyof typeof TABLE_ROWS;

export const tableKey = (path: string, part: TablePart) => (part === 'header' || part === 'rows' ? `${path}[].${part}[]` : `${path}[].${part}`);

interface Spans {
  colSpan?: number;
  rowSpan?: number;
}

const spansOf = (c: TableCellInput): Spans => (c && typeof c === 'object' ? { ...(c.colSpan ? { colSpan: c.colSpan } : {}), ...(c.rowSpan ? { rowSpan: c.rowSpan } : {}) } : {});

/** What a cell shows: a number (a figure) or a text; an object shows its value, else its text. */
function shown(c: TableCellInput): string | number | null {
  if (c === null || typeof c === 'string' || typeof c === 'number') return c === '' ? null : c;
  return c.value ?? c.text ?? null;
}

interface TableData {
  title?: string;
  unit?: string;
  widths?: number[];
  header?: TableCellInput[][];
  rows?: TableCellInput[][];
  note?: string;
}

/** Columns a table needs once spans are laid out (0 for a table that cannot be laid out). */
export function tableWidth(t: TableData): number {
  let width = t.widths?.length ?? 0;
  for (const part of [t.header ?? [], t.rows ?? []]) {
    if (!part.length) continue;
    try {
      width = Math.max(width, layoutGrid(part.map((r) => r.map(spansOf))).columns);
    } catch {
      // Refused before writing (workbookUnfits).
    }
  }
  return width;
}

export function writeTables(ws: Worksheet, sheet: TablesSheet, data: unknown): void {
  const tables = data === undefined ? [] : (((data as Record<string, unknown>)[sheet.path] as TableData[] | undefined) ?? []);
  const columns = Math.max(sheet.minColumns ?? 8, ...tables.map(tableWidth));
  const headers = ['项目', ...Array.from({ length: columns }, (_, i) => `第${i + 1}列`)];
  // Every table column is keyed "cells"; the reader takes the first as where tables start.
  frame(ws, sheet, ['label', ...Array.from({ length: columns }, () => 'cells')], headers, [24, ...Array.from({ length: columns }, () => 14)]);
  const last = columns + 2;
  let r = 4;
  sectionRow(
    ws,
    r++,
    '每张表格一块：标题、单位、列宽、表头（可多行）、表体、表注，表格内容从 C 列起填写。可以把其他工作簿中的表格（含合并单元格）整块粘贴到“表头”“表体”行：合并单元格照样合并，数字单元格在报告中按数字右对齐，文字照原样。行不够时插入整行（连同隐藏的 A 列键）；要增加一张表格，复制整块（从“表格标题”到“表注”）插入。表头和表体每行的列数（含合并）须相同。',
    last,
    '#help',
  );
  const blocks: TableData[] = data === undefined ? [{}] : [...tables, {}];
  blocks.forEach((t, i) => {
    const blank = i >= tables.length;
    sectionRow(ws, r++, blank ? `表格 ${i + 1}${data === undefined ? '' : '（备用，可不填）'}` : `表格 ${i + 1}`, last);
    const label = (row: number, text: string) => {
      style(ws.getCell(row, 2), { align: { ...WRAP, horizontal: 'left' }, font: { color: { argb: 'FF595959' } } });
      ws.getCell(row, 2).value = text;
    };
    const input = (row: number, col: number, v: string | number | null | undefined, merged = false) => {
      const cell = ws.getCell(row, col);
      if (merged && cell.isMerged && cell.master.address !== cell.address) return;
      cell.value = v ?? null;
      style(cell, { fill: INPUT_FILL, locked: false, numFmt: typeof v === 'number' ? 'General' : '@', align: { ...WRAP, horizontal: typeof v === 'number' ? 'right' : 'left' } });
    };
    const line = (part: 'title' | 'unit' | 'note', v: string | undefined) => {
      ws.getCell(r, 1).value = tableKey(sheet.path, part);
      label(r, TABLE_ROWS[part]);
      input(r, 3, v);
      ws.mergeCells(r, 3, r, last);
      if (part === 'title') ws.getCell(r, 3).font = { ...FONT, bold: true };
      if (v) fitHeight(ws, r, [{ text: v, width: columns * 14 }]);
      r++;
    };
    line('title', t.title);
    line('unit', t.unit);
    ws.getCell(r, 1).value = tableKey(sheet.path, 'widths');
    label(r, TABLE_ROWS.widths);
    for (let c = 0; c < columns; c++) input(r, c + 3, t.widths?.[c]);
    r++;
    for (const part of ['header', 'rows'] as const) {
      const rows = t[part] ?? [];
      const spare = blank ? (part === 'header' ? 2 : (sheet.blankRows ?? 10)) : part === 'header' ? 1 : 3;
      const start = r;
      const total = rows.length + spare;
      for (let k = 0; k < total; k++) {
        ws.getCell(start + k, 1).value = tableKey(sheet.path, part);
        label(start + k, TABLE_ROWS[part]);
        for (let c = 0; c < columns; c++) input(start + k, c + 3, null);
      }
      if (rows.length) {
        // Lay the cells out as the report does, then merge what spans.
        const { slots } = layoutGrid(rows.map((row) => row.map((cell) => ({ cell, ...spansOf(cell) }))));
        slots.forEach((row, k) =>
          row.forEach((slot, c) => {
            if (slot.row !== k || slot.col !== c) return;
            const sp = spansOf(slot.cell.cell);
            const v = shown(slot.cell.cell);
            input(start + k, c + 3, v);
            if (part === 'header') ws.getCell(start + k, c + 3).font = { ...FONT, bold: true };
            if ((sp.colSpan ?? 1) > 1 || (sp.rowSpan ?? 1) > 1) ws.mergeCells(start + k, c + 3, start + k + (sp.rowSpan ?? 1) - 1, c + 3 + (sp.colSpan ?? 1) - 1);
          }),
        );
      }
      r = start + total;
    }
    line('note', t.note);
  });
}
