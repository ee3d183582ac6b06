import type { Worksheet } from 'exceljs';
import { CLASSIFIED_SPEC, columnTitle, parentCode, shapeFields, totalLabel, type ClassifiedField } from '../model/classified';
import type { ClassifiedTableInput } from '../validate/schema/classified';
import { FONT, HEADER_FILL, INPUT_FILL, style, WRAP } from './look';
import type { ClassifiedSheet } from './spec';

/**
 * A standard 决算草案表 as the finance system exports it: a title row, 单位：万元, the header row
 * (科目编码 | 科目名称 | 预算数 | 调整预算数 | 决算数 | 决算数为调整预算数的% | 上年决算数 |
 * 决算数为上年决算数的%), the 合计 row and one row per 科目. No hidden keys: a writer pastes the
 * system's export over the sheet (from A1), and the reader (load/xlsx-classified.ts) finds the
 * header by its words and the rows by their codes. The 一般公共预算收入决算表 has one more column,
 * 正文中列出, marking the rows the report's text prints as revenue items.
 */

export const TEXT_ITEMS_TITLE = '正文中列出（是）';
const HELP =
  '说明：可把财政系统导出的表格整张粘贴到本表（从 A1 起，标题行、合并单元格照样）：程序按表头的文字找到各列，按科目编码识别各行（编码前后的空格、科目名称中的全角空格、“小计”行都不影响）；标准表没有的科目、缺少的类会在校验时指出。整表不填的，报告中只印表头（不注明无数；报告中有这项数字的，校验时提醒）。“注：”开头的一行为表注。';

/** Column headers of a table's shape, in order, and the field each holds. */
export function sheetColumns(sheet: ClassifiedSheet): { field: ClassifiedField | 'code' | 'name' | 'textItems'; title: string; width: number }[] {
  const spec = CLASSIFIED_SPEC.get(sheet.table)!;
  if (spec.shape === 'debt')
    return [
      { field: 'code', title: '科目编码', width: 10 },
      { field: 'name', title: '项目', width: 40 },
      { field: 'amount', title: '决算数', width: 14 },
    ];
  return [
    { field: 'code', title: '科目编码', width: 10 },
    { field: 'name', title: '科目名称', width: 34 },
    ...shapeFields(spec.shape).map((f) => ({ field: f, title: columnTitle(spec.shape, f), width: f === 'completionRate' || f === 'lastYearRatio' ? 12 : 14 })),
    ...(sheet.table === 'generalIncome' ? [{ field: 'textItems' as const, title: TEXT_ITEMS_TITLE, width: 12 }] : []),
  ];
}

export function writeClassified(ws: Worksheet, sheet: ClassifiedSheet, data: unknown): void {
  const spec = CLASSIFIED_SPEC.get(sheet.table)!;
  const root = data as { meta?: { district?: unknown; year?: unknown }; classified?: Record<string, ClassifiedTableInput | undefined> } | undefined;
  const table = root?.classified?.[sheet.table];
  const cols = sheetColumns(sheet);
  cols.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
  const last = cols.length;
  const district = typeof root?.meta?.district === 'string' ? root.meta.district : '';
  const year = typeof root?.meta?.year === 'number' ? `${root.meta.year}年` : '';

  const title = ws.getCell(1, 1);
  title.value = `${district}${year}${spec.title}`;
  title.font = { ...FONT, size: 14, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.mergeCells(1, 1, 1, last);
  ws.getRow(1).height = 26;
  const unit = ws.getCell(2, last);
  unit.value = '单位：万元';
  unit.font = FONT;
  unit.alignment = { horizontal: 'right' };

  cols.forEach((c, i) => {
    const cell = ws.getCell(3, i + 1);
    cell.value = c.title;
    style(cell, { fill: HEADER_FILL, font: { bold: true }, align: { horizontal: 'center', wrapText: true } });
  });
  ws.getRow(3).height = 30;

  const standard = new Map(spec.rows.map((r) => [r.code, r.name]));
  // Exported data: its rows in order; a new workbook: the standard rows.
  const rows: { code: string; name: string; figures: Partial<Record<ClassifiedField, number>> }[] = table
    ? table.rows.map((r) => ({ code: r.code, name: r.name ?? standard.get(r.code) ?? r.code, figures: r }))
    : spec.rows.map((r) => ({ code: r.code, name: r.name, figures: {} }));
  const codes = rows.map((r) => r.code);
  const marked = new Set(table?.textItems ?? []);
  const put = (r: number, c: number, v: string | number | null | undefined, numeric: boolean) => {
    const cell = ws.getCell(r, c);
    cell.value = v ?? null;
    style(cell, { fill: INPUT_FILL, locked: false, numFmt: numeric ? 'General' : '@', align: { ...WRAP, horizontal: numeric ? 'right' : 'left' } });
  };
  const line = (r: number, code: string, name: string, figures: Partial<Record<ClassifiedField, number>>, depth: number) => {
    cols.forEach((c, i) => {
      if (c.field === 'code') put(r, i + 1, /^\d+$/.test(code) ? code : '', false);
      else if (c.field === 'name') {
        put(r, i + 1, name, false);
        if (depth) ws.getCell(r, i + 1).alignment = { ...WRAP, horizontal: 'left', indent: depth };
      } else if (c.field === 'textItems') put(r, i + 1, marked.has(code) ? '是' : null, false);
      else put(r, i + 1, figures[c.field], true);
    });
  };
  let r = 4;
  if (spec.shape !== 'debt') line(r++, '', totalLabel(spec.title), table?.total ?? {}, 0);
  for (const row of rows) {
    let depth = 0;
    for (let p = parentCode(row.code, codes); p; p = parentCode(p, codes)) depth++;
    line(r++, row.code, row.name, row.figures, depth);
  }
  if (table?.note) {
    ws.getCell(r, 1).value = `注：${table.note}`;
    ws.mergeCells(r, 1, r, last);
    r++;
  }
  r++;
  const help = ws.getCell(r, 1);
  help.value = HELP;
  help.font = { ...FONT, color: { argb: 'FF595959' } };
  help.alignment = { wrapText: true, vertical: 'top' };
  ws.mergeCells(r, 1, r, last);
  ws.getRow(r).height = 60;
  ws.views = [{ state: 'frozen', ySplit: 3, topLeftCell: 'A4', activeCell: 'C4' }];
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' };
}
