import type { Alignment, Borders, Cell, Fill, Font, Worksheet } from 'exceljs';
import type { SheetSpec } from './spec';
import { KEY_MARK } from './spec';

// How every workbook looks: fonts, fills, the title and header rows, section rows. Shared by the
// writers of each sheet type.

export const FONT: Partial<Font> = { name: '宋体', size: 11 };
const thin = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const fill = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
export const INPUT_FILL = fill('FFFFF2CC');
export const FORMULA_FILL = fill('FFDDEBF7');
export const HEADER_FILL = fill('FFD9D9D9');
export const SECTION_FILL = fill('FFF2F2F2');
export const OFF_FILL = fill('FFE7E6E6');
export const WRAP: Partial<Alignment> = { vertical: 'middle', wrapText: true };

export function style(cell: Cell, s: { fill?: Fill; font?: Partial<Font>; locked?: boolean; numFmt?: string; align?: Partial<Alignment> }) {
  cell.font = { ...FONT, ...(s.font ?? {}) };
  cell.border = BORDER;
  if (s.fill) cell.fill = s.fill;
  cell.protection = { locked: s.locked ?? true };
  if (s.numFmt) cell.numFmt = s.numFmt;
  cell.alignment = { vertical: 'middle', ...(s.align ?? {}) };
}

/** Rough row height for wrapped text: CJK characters are about two width units. */
export function fitHeight(ws: Worksheet, row: number, texts: { text: string; width: number }[]) {
  let lines = 1;
  for (const { text, width } of texts) {
    // Each line of the text wraps on its own (the 格式 sheet's examples: one line a choice).
    let n = 0;
    for (const line of text.split('\n')) {
      let units = 0;
      for (const ch of line) units += ch.charCodeAt(0) > 0x2e7f ? 2.1 : 1.1;
      n += Math.max(1, Math.ceil(units / Math.max(width - 1, 1)));
    }
    lines = Math.max(lines, n);
  }
  if (lines > 1) ws.getRow(row).height = Math.min(409, lines * 14.5 + 4);
}

export function frame(ws: Worksheet, sheet: SheetSpec, columns: string[], headers: string[], widths: number[]) {
  ws.getColumn(1).width = 36;
  ws.getColumn(1).hidden = true;
  widths.forEach((w, i) => (ws.getColumn(i + 2).width = w));
  const keys = ws.getRow(1);
  keys.getCell(1).value = `${KEY_MARK}${sheet.id}`;
  columns.forEach((k, i) => (keys.getCell(i + 2).value = k));
  keys.hidden = true;
  const last = columns.length + 1;
  ws.getCell(2, 1).value = '#title';
  const title = ws.getCell(2, 2);
  title.value = sheet.title;
  title.font = { ...FONT, size: 14, bold: true };
  title.alignment = { vertical: 'middle' };
  ws.mergeCells(2, 2, 2, last);
  ws.getRow(2).height = 26;
  ws.getCell(3, 1).value = '#header';
  headers.forEach((h, i) => {
    const c = ws.getCell(3, i + 2);
    c.value = h;
    style(c, { fill: HEADER_FILL, font: { bold: true }, align: { horizontal: 'center', wrapText: true } });
  });
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 3, topLeftCell: 'C4', activeCell: 'C4' }];
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:3' };
}

export function sectionRow(ws: Worksheet, row: number, label: string, lastCol: number, key = '#section') {
  ws.getCell(row, 1).value = key;
  for (let c = 2; c <= lastCol; c++) style(ws.getCell(row, c), { fill: SECTION_FILL, font: { bold: key === '#section' } });
  ws.getCell(row, 2).value = label;
  if (key !== '#section') {
    ws.mergeCells(row, 2, row, lastCol);
    ws.getCell(row, 2).alignment = { vertical: 'middle', wrapText: true };
    fitHeight(ws, row, [{ text: label, width: 100 }]);
  }
}

/** A drop-down list of choices; strict ones refuse anything else. */
export function listValidation(items: readonly string[], strict = true): Cell['dataValidation'] {
  return {
    type: 'list',
    formulae: [`"${items.join(',')}"`],
    allowBlank: true,
    showErrorMessage: strict,
    errorStyle: strict ? 'stop' : 'information',
    errorTitle: '数据有误',
    error: `请从列表中选择：${items.join('、')}`,
  };
}
