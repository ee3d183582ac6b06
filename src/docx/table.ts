import type { TableBlock, TableCell as CellModel, Run } from '../model/doc';
import { runsText } from '../model/doc';
import { layoutGrid } from '../model/table-grid';
import { FONT, SIZE, TEXT_WIDTH, textWidth, type FontSpec } from './layout';
import { STYLE } from './style-ids';
import { boundRun } from './bind';
import { paragraph, runPropsIn, textRun, type Indent, type ParagraphProps, type Spacing } from './xml';

/**
 * A 决算草案表 table: title centred (方正小标宋简体 三号), 单位 at top right, full borders, header
 * rows repeated on every page, figures right-aligned, spans as merged cells. Every cell carries
 * its width and the widths add up to the text block, so Word, WPS and LibreOffice lay the table
 * out the same (a table width alone leaves the columns to each program's autofit).
 */

const CELL_SIZE = SIZE.xiaosi;
/** Exact 18 pt lines for 小四 text in cells. */
const CELL_LINE: Spacing = { after: 0, before: 0, line: 360, lineRule: 'exact' };
/** Left and right cell margins (Word's default 0.19 cm). */
const CELL_MARGIN = 108;
const noIndent: Indent = { firstLine: 0, firstLineChars: 0 };
const LINE = 'w:val="single" w:color="000000" w:sz="4"';
const TABLE_PROPS =
  `<w:jc w:val="center"/><w:tblBorders><w:top ${LINE}/><w:left ${LINE}/><w:bottom ${LINE}/><w:right ${LINE}/><w:insideH ${LINE}/><w:insideV ${LINE}/></w:tblBorders>` +
  `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:type="dxa" w:w="0"/><w:left w:type="dxa" w:w="${CELL_MARGIN}"/><w:bottom w:type="dxa" w:w="0"/><w:right w:type="dxa" w:w="${CELL_MARGIN}"/></w:tblCellMar>`;

/** Runs with their figures bound (bookmarks), in one font and size; bold where a run is bold and `bold` allows. */
function boundRuns(runs: Run[], font: FontSpec, size: number, bold = true, style: string = STYLE.body): string {
  let out = '';
  for (const r of runs) {
    const run = textRun(r.text, runPropsIn(style, font, size, bold && !!r.bold));
    out += r.fig ? boundRun(run, r.fig.key, r.text) : run;
  }
  return out;
}

const ALIGN = { left: 'left', center: 'center', right: 'right' } as const;

function cellParagraph(cell: CellModel | null, header: boolean): string {
  const font = header ? FONT.hei : FONT.body;
  // The Table Text style gives the cell's line spacing and zero indents (styles.ts): a cell says only what differs.
  const props: ParagraphProps = {
    style: STYLE.tableText,
    ...(cell?.indent ? { indent: { left: cell.indent * CELL_SIZE * 10, ...noIndent } } : {}),
    alignment: ALIGN[cell?.align ?? (header ? 'center' : 'left')],
  };
  return paragraph(props, cell ? boundRuns(cell.runs, font, CELL_SIZE, true, STYLE.tableText) : textRun('', runPropsIn(STYLE.tableText, font, CELL_SIZE)));
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

/**
 * The XML of the table's title, unit line, the table itself and its note, handed to `emit` a row at
 * a time (a long table is never held as one string).
 */
export function tableBlock(b: TableBlock, pageBreakBefore: boolean, emit: (xml: string) => void): void {
  emit(paragraph({ keepNext: true, ...(pageBreakBefore ? { pageBreakBefore: true } : {}), indent: noIndent, alignment: 'center' }, boundRuns(b.title, FONT.title, SIZE.san, false)));
  emit(paragraph({ keepNext: true, indent: noIndent, alignment: 'right' }, textRun(b.unit ? `单位：${b.unit}` : '', runPropsIn(STYLE.body, FONT.body, CELL_SIZE))));
  const all = [...b.header, ...b.body];
  const { columns, slots } = layoutGrid(all);
  const widths = columnWidths(b, columns);
  // Prefix sums: a cell spanning columns c..c+n−1 is offsets[c+n] − offsets[c] wide.
  const offsets = [0];
  for (const w of widths) offsets.push(offsets[offsets.length - 1]! + w);
  let grid = `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${TEXT_WIDTH}"/>${TABLE_PROPS}</w:tblPr><w:tblGrid>`;
  for (const w of widths) grid += `<w:gridCol w:w="${w}"/>`;
  emit(grid + '</w:tblGrid>');
  slots.forEach((row, r) => {
    const header = r < b.header.length;
    let xml = header ? '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>' : '<w:tr><w:trPr><w:cantSplit/></w:trPr>';
    for (let c = 0; c < columns; c++) {
      const s = row[c]!;
      if (s.col !== c) continue; // covered by a cell to the left
      const cs = s.cell.colSpan ?? 1;
      const origin = s.row === r;
      xml += `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${offsets[c + cs]! - offsets[c]!}"/>`;
      if (cs > 1) xml += `<w:gridSpan w:val="${cs}"/>`;
      if ((s.cell.rowSpan ?? 1) > 1) xml += origin ? '<w:vMerge w:val="restart"/>' : '<w:vMerge w:val="continue"/>';
      xml += `<w:vAlign w:val="center"/></w:tcPr>${cellParagraph(origin ? s.cell : null, header)}</w:tc>`;
    }
    emit(xml + '</w:tr>');
  });
  emit('</w:tbl>');
  if (b.note) emit(paragraph({ spacing: CELL_LINE, indent: noIndent }, boundRuns(b.note, FONT.body, CELL_SIZE, false)));
}
