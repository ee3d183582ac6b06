import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  type ParagraphChild,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
} from 'docx';
import type { TableBlock, TableCell as CellModel } from '../model/doc';
import { runsText } from '../model/doc';
import { layoutGrid } from '../model/table-grid';
import { FONT, SIZE, TEXT_WIDTH, runFont, textWidth, type FontSpec } from './layout';
import { STYLE } from './styles';
import { boundRun } from './bind';

/**
 * A 决算草案表 table: title centred (方正小标宋简体 三号), 单位 at top right, full borders, header
 * rows repeated on every page, figures right-aligned, spans as merged cells. Every cell carries
 * its width and the widths add up to the text block, so Word, WPS and LibreOffice lay the table
 * out the same (a table width alone leaves the columns to each program's autofit).
 */

const CELL_SIZE = SIZE.xiaosi;
/** Exact 18 pt lines for 小四 text in cells. */
const CELL_LINE = { line: 360, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
/** Left and right cell margins (Word's default 0.19 cm). */
const CELL_MARGIN = 108;
const noIndent = { firstLine: 0, firstLineChars: 0 };
const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line };

function runs(cell: CellModel, font: FontSpec): ParagraphChild[] {
  return cell.runs.flatMap((r) => {
    const run = new TextRun({ text: r.text, font: runFont(font), size: CELL_SIZE, ...(r.bold ? { bold: true } : {}) });
    return r.fig ? boundRun(run, r.fig.key, r.text) : [run];
  });
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function cellParagraph(cell: CellModel | null, header: boolean): Paragraph {
  const font = header ? FONT.hei : FONT.body;
  const indent = cell?.indent ? { ...noIndent, left: cell.indent * CELL_SIZE * 10 } : noIndent;
  return new Paragraph({
    style: STYLE.tableText,
    alignment: ALIGN[cell?.align ?? (header ? 'center' : 'left')],
    indent,
    spacing: CELL_LINE,
    children: cell ? runs(cell, font) : [new TextRun({ text: '', font: runFont(font), size: CELL_SIZE })],
  });
}

/**
 * Column widths in twips, summing exactly to the text block: from the table's relative widths,
 * else from the longest text of each column's unmerged cells (in characters, at least two).
 */
export function columnWidths(b: TableBlock, columns: number): number[] {
  let weights = b.widths && b.widths.length === columns ? b.widths : null;
  if (!weights) {
    const need = Array.from({ length: columns }, () => 2);
    const { slots } = layoutGrid([...b.header, ...b.body]);
    slots.forEach((row, r) =>
      row.forEach((s, c) => {
        if (s.row !== r || s.col !== c || (s.cell.colSpan ?? 1) > 1) return;
        need[c] = Math.max(need[c]!, Math.min(16, textWidth(runsText(s.cell.runs)) + (s.cell.indent ?? 0) + 1));
      }),
    );
    weights = need;
  }
  const sum = weights.reduce((a, w) => a + w, 0);
  const out = weights.map((w) => Math.floor((w / sum) * TEXT_WIDTH));
  out[out.length - 1]! += TEXT_WIDTH - out.reduce((a, w) => a + w, 0);
  return out;
}

export function tableBlock(b: TableBlock, pageBreakBefore: boolean): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  out.push(
    new Paragraph({
      ...(pageBreakBefore ? { pageBreakBefore: true } : {}),
      alignment: AlignmentType.CENTER,
      indent: noIndent,
      keepNext: true,
      children: b.title.flatMap((r) => {
        const run = new TextRun({ text: r.text, font: runFont(FONT.title), size: SIZE.san });
        return r.fig ? boundRun(run, r.fig.key, r.text) : [run];
      }),
    }),
  );
  out.push(
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: noIndent,
      keepNext: true,
      children: [new TextRun({ text: b.unit ? `单位：${b.unit}` : '', font: runFont(FONT.body), size: CELL_SIZE })],
    }),
  );
  const all = [...b.header, ...b.body];
  const { columns, slots } = layoutGrid(all);
  const widths = columnWidths(b, columns);
  const span = (c: number, n: number) => widths.slice(c, c + n).reduce((a, w) => a + w, 0);
  const rows = slots.map((row, r) => {
    const header = r < b.header.length;
    const cells: TableCell[] = [];
    for (let c = 0; c < columns; c++) {
      const s = row[c]!;
      if (s.col !== c) continue; // covered by a cell to the left
      const cs = s.cell.colSpan ?? 1;
      const origin = s.row === r;
      const merge = (s.cell.rowSpan ?? 1) > 1 ? { verticalMerge: origin ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {};
      cells.push(
        new TableCell({
          width: { size: span(c, cs), type: WidthType.DXA },
          ...(cs > 1 ? { columnSpan: cs } : {}),
          ...merge,
          verticalAlign: VerticalAlignTable.CENTER,
          children: [cellParagraph(origin ? s.cell : null, header)],
        }),
      );
    }
    return new TableRow({ children: cells, cantSplit: true, ...(header ? { tableHeader: true } : {}) });
  });
  out.push(
    new Table({
      rows,
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: BORDERS,
      margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: 0, bottom: 0 },
      alignment: AlignmentType.CENTER,
    }),
  );
  if (b.note) {
    out.push(new Paragraph({ indent: noIndent, spacing: CELL_LINE, children: b.note.flatMap((r) => {
          const run = new TextRun({ text: r.text, font: runFont(FONT.body), size: CELL_SIZE });
          return r.fig ? boundRun(run, r.fig.key, r.text) : [run];
        }) }));
  }
  return out;
}
