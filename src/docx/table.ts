import type { TableBlock, TableCell as CellModel, Run } from '../model/doc';
import { runsText } from '../model/doc';
import { layoutGrid, type Slot } from '../model/table-grid';
import { CHAR_SPACING, FONT, LINE, PAGE, SIZE, TEXT_WIDTH, textWidth, type FontSpec } from './layout';
import { displayWidth } from './wrap';
import { STYLE } from './style-ids';
import { boundBand, boundRun } from './bind';
import { bandsOf, bandText, isBanded, rowCellTexts } from '../model/table-band';
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
const RULE = 'w:val="single" w:color="000000" w:sz="4"';
const TABLE_PROPS =
  `<w:jc w:val="center"/><w:tblBorders><w:top ${RULE}/><w:left ${RULE}/><w:bottom ${RULE}/><w:right ${RULE}/><w:insideH ${RULE}/><w:insideV ${RULE}/></w:tblBorders>` +
  `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:type="dxa" w:w="0"/><w:left w:type="dxa" w:w="${CELL_MARGIN}"/><w:bottom w:type="dxa" w:w="0"/><w:right w:type="dxa" w:w="${CELL_MARGIN}"/></w:tblCellMar>`;

/**
 * Runs in one font and size, bold where a run is bold and `bold` allows; figures bound (bookmarks)
 * unless `bind` is false (the cells of a long table's bands, bound by the band).
 */
function boundRuns(runs: Run[], font: FontSpec, size: number, bold = true, style: string = STYLE.body, bind = true): string {
  let out = '';
  for (const r of runs) {
    const run = textRun(r.text, runPropsIn(style, font, size, bold && !!r.bold));
    out += r.fig && bind ? boundRun(run, r.fig.key, r.text) : run;
  }
  return out;
}

const ALIGN = { left: 'left', center: 'center', right: 'right' } as const;

/** `band`: the cell's runs are bound by their band (wrapping them in its bookmark when it is the band's first cell). */
function cellParagraph(cell: CellModel | null, header: boolean, keepNext = false, band?: { wrap: ((content: string) => string) | null }): string {
  const font = header ? FONT.hei : FONT.body;
  // The Table Text style gives the cell's line spacing and zero indents (styles.ts): a cell says only what differs.
  const props: ParagraphProps = {
    style: STYLE.tableText,
    ...(keepNext ? { keepNext: true } : {}),
    ...(cell?.indent ? { indent: { left: cell.indent * CELL_SIZE * 10, ...noIndent } } : {}),
    alignment: ALIGN[cell?.align ?? (header ? 'center' : 'left')],
  };
  const content = cell ? boundRuns(cell.runs, font, CELL_SIZE, true, STYLE.tableText, !band) : textRun('', runPropsIn(STYLE.tableText, font, CELL_SIZE));
  return paragraph(props, band?.wrap ? band.wrap(content) : content);
}

/**
 * Column widths in twips, summing exactly to the text block: from the table's relative widths,
 * else from the longest text of each column's unmerged cells (in characters, at least two).
 */
export function columnWidths(b: TableBlock, columns: number, grid?: Slot<CellModel>[][]): number[] {
  let weights = b.widths && b.widths.length === columns ? b.widths : null;
  if (!weights) {
    const need = Array.from({ length: columns }, () => 2);
    const slots = grid ?? layoutGrid([...b.header, ...b.body]).slots;
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

/** The text block's height in twips (225 mm). */
const TEXT_HEIGHT = PAGE.height - PAGE.margin.top - PAGE.margin.bottom;
/** A row's height beyond its lines: the rule under it. */
const ROW_RULE = 10;
/** The advance of one 小四 character as set (12 pt less the run spacing). */
const CELL_ADVANCE = CELL_SIZE * 10 + CHAR_SPACING;
/**
 * Room left unused at the foot of each planned page: the plan must never be longer than the page
 * Word, WPS or LibreOffice actually gives (a row more than fits would be pushed over by the program,
 * and the planned continuation would then start on a page of its own).
 */
const PLAN_SLACK = 2 * (CELL_LINE.line! + ROW_RULE);
/** The paragraph that starts a continued table on a new page: 1 pt high, it takes no line. */
const CONTINUE_PARAGRAPH = '<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:after="0" w:before="0" w:line="20" w:lineRule="exact"/><w:ind w:firstLine="0" w:firstLineChars="0"/></w:pPr></w:p>';

/** Lines a cell's text takes in its width (from the text's width in characters, Latin digits half). */
function cellLines(cell: CellModel, width: number): number {
  const room = width - 2 * CELL_MARGIN - (cell.indent ?? 0) * CELL_SIZE * 10;
  const need = displayWidth(runsText(cell.runs)) * CELL_ADVANCE;
  return Math.max(1, Math.ceil((need + CELL_ADVANCE / 4) / Math.max(room, CELL_ADVANCE)));
}

/** Where a planned page of the table body starts, and the group label it repeats as 区级（续）. */
interface TablePiece {
  from: number;
  to: number;
  label: CellModel | null;
}

/**
 * Plans the pages of a long table: which body rows go on each page, given the room `firstRoom`
 * (twips) left for body rows on the first. A row that must stay with the next (a group label, a
 * total and its first part, rows joined by a vertical merge) is never the last on a page. Each
 * later page repeats the header rows and, when it starts inside a group, the group's label with
 * （续）, so a reviewer reading the page knows whose figures these are.
 */
export function planTable(heights: number[], keepWithNext: boolean[], labels: (CellModel | null)[], firstRoom: number, pageRoom: number, labelHeight: (l: CellModel) => number): TablePiece[] {
  const pieces: TablePiece[] = [];
  let from = 0;
  let room = firstRoom;
  let group: CellModel | null = null;
  while (from < heights.length) {
    const label = pieces.length && !labels[from] ? group : null;
    let used = label ? labelHeight(label) : 0;
    let to = from;
    while (to < heights.length && used + heights[to]! <= room) used += heights[to++]!;
    if (to < heights.length) {
      // Move the break back past rows that keep with the next; a page keeps at least one row.
      let back = to;
      while (back > from + 1 && keepWithNext[back - 1]) back--;
      if (!keepWithNext[back - 1]) to = back;
      if (to === from) to = from + 1; // a row taller than the page
    }
    pieces.push({ from, to, label });
    for (let r = from; r < to; r++) if (labels[r]) group = labels[r]!;
    from = to;
    room = pageRoom;
  }
  return pieces;
}

/**
 * The XML of the table's title, unit line, the table itself and its note, handed to `emit` a row at
 * a time (a long table is never held as one string). `pageUsed` is how much of the page is taken
 * above the title (twips; 0 on a new page), null where it is not known: the table is then one piece,
 * and only its header rows repeat where it breaks.
 */
export function tableBlock(b: TableBlock, pageBreakBefore: boolean, emit: (xml: string) => void, pageUsed: number | null = pageBreakBefore ? 0 : null, name = ''): void {
  // The number (表1) flush left in 黑体 above the title, where the attachment numbers its tables.
  if (b.number) emit(paragraph({ keepNext: true, ...(pageBreakBefore ? { pageBreakBefore: true } : {}), indent: noIndent, alignment: 'left' }, boundRuns(b.number, FONT.hei, SIZE.san, false)));
  emit(paragraph({ keepNext: true, ...(pageBreakBefore && !b.number ? { pageBreakBefore: true } : {}), indent: noIndent, alignment: 'center' }, boundRuns(b.title, FONT.title, SIZE.san, false)));
  emit(paragraph({ keepNext: true, indent: noIndent, alignment: 'right' }, textRun(b.unit ? `单位：${b.unit}` : '', runPropsIn(STYLE.body, FONT.body, CELL_SIZE))));
  const all = [...b.header, ...b.body];
  const { columns, slots } = layoutGrid(all);
  const widths = columnWidths(b, columns, slots);
  // Prefix sums: a cell spanning columns c..c+n−1 is offsets[c+n] − offsets[c] wide.
  const offsets = [0];
  for (const w of widths) offsets.push(offsets[offsets.length - 1]! + w);
  const headerRows = b.header.length;

  // Row heights and what keeps with the next row, for the page plan.
  const height = (r: number) => {
    let lines = 1;
    slots[r]!.forEach((s, c) => {
      if (s.col !== c || s.row !== r || (s.cell.rowSpan ?? 1) > 1) return;
      lines = Math.max(lines, cellLines(s.cell, offsets[c + (s.cell.colSpan ?? 1)]! - offsets[c]!));
    });
    return lines * CELL_LINE.line! + ROW_RULE;
  };
  const firstCell = (r: number): CellModel | undefined => slots[r]?.[0]?.cell;
  const isLabel = (r: number) => {
    const row = slots[r]!;
    return !!row[0]!.cell.group && row.every((s) => s.cell === row[0]!.cell);
  };
  const keep = all.map((_, r) => {
    if (r >= all.length - 1) return false;
    if (isLabel(r)) return true;
    // A total and its first part: the next row is indented under this one.
    if (!firstCell(r)?.indent && firstCell(r + 1)?.indent && slots[r + 1]![0]!.row === r + 1) return true;
    // Rows joined by a vertical merge.
    return slots[r + 1]!.some((s) => s.row <= r);
  });
  const headerHeight = all.slice(0, headerRows).reduce((a, _, r) => a + height(r), 0);
  const bodyHeights = b.body.map((_, i) => height(headerRows + i));
  const labels = b.body.map((_, i) => (isLabel(headerRows + i) ? firstCell(headerRows + i)! : null));
  const titleHeight = (b.number ? 3 : 2) * LINE;
  const pieces =
    pageUsed === null
      ? [{ from: 0, to: b.body.length, label: null }]
      : planTable(
          bodyHeights,
          keep.slice(headerRows),
          labels,
          TEXT_HEIGHT - pageUsed - titleHeight - headerHeight - PLAN_SLACK,
          TEXT_HEIGHT - (b.number ? LINE : 20) - headerHeight - PLAN_SLACK,
          (l) => cellLines({ ...l, runs: [...l.runs, { text: '（续）' }] }, TEXT_WIDTH) * CELL_LINE.line! + ROW_RULE,
        );

  const open = () => {
    let grid = `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${TEXT_WIDTH}"/>${TABLE_PROPS}</w:tblPr><w:tblGrid>`;
    for (const w of widths) grid += `<w:gridCol w:w="${w}"/>`;
    emit(grid + '</w:tblGrid>');
  };
  // A long table's body is bound band by band (model/table-band.ts): grid row → its band's bookmark
  // wrapper where a band starts, null inside a band.
  const banded = isBanded(b.body.length);
  const bandStarts = new Map<number, (content: string) => string>();
  const row = (r: number) => {
    const header = r < headerRows;
    const row = slots[r]!;
    let band = banded && !header ? { wrap: bandStarts.get(r) ?? null } : undefined;
    let xml = header ? '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>' : '<w:tr><w:trPr><w:cantSplit/></w:trPr>';
    for (let c = 0; c < columns; c++) {
      const s = row[c]!;
      if (s.col !== c) continue; // covered by a cell to the left
      const cs = s.cell.colSpan ?? 1;
      const origin = s.row === r;
      xml += `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${offsets[c + cs]! - offsets[c]!}"/>`;
      if (cs > 1) xml += `<w:gridSpan w:val="${cs}"/>`;
      if ((s.cell.rowSpan ?? 1) > 1) xml += origin ? '<w:vMerge w:val="restart"/>' : '<w:vMerge w:val="continue"/>';
      xml += `<w:vAlign w:val="center"/></w:tcPr>${cellParagraph(origin ? s.cell : null, header, !header && keep[r], band)}</w:tc>`;
      if (band?.wrap) band = { wrap: null }; // the band's bookmark is in its first cell only
    }
    emit(xml + '</w:tr>');
  };
  /** The group label repeated on a continued page: 区级（续）, across the table. */
  const continuedLabel = (label: CellModel) => {
    const cell: CellModel = { runs: [...label.runs.map((x) => ({ text: x.text, ...(x.bold ? { bold: true } : {}) })), { text: '（续）' }], colSpan: columns, ...(label.align ? { align: label.align } : {}) };
    emit(`<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${TEXT_WIDTH}"/>${columns > 1 ? `<w:gridSpan w:val="${columns}"/>` : ''}<w:vAlign w:val="center"/></w:tcPr>${cellParagraph(cell, false, true)}</w:tc></w:tr>`);
  };
  // A numbered table continues under 续表1 (flush left, as its number), so a page read alone says whose rows these are.
  const continued = b.number
    ? paragraph({ keepNext: true, pageBreakBefore: true, indent: noIndent, alignment: 'left' }, [{ text: '续' }, ...b.number].map((r) => textRun(r.text, runPropsIn(STYLE.body, FONT.hei, SIZE.san, false))).join(''))
    : CONTINUE_PARAGRAPH;
  pieces.forEach((piece, k) => {
    if (banded) {
      for (const band of bandsOf(slots, headerRows + piece.from, headerRows + piece.to, name)) {
        const text = bandText(Array.from({ length: band.end - band.start }, (_, i) => rowCellTexts(slots, band.start + i)));
        bandStarts.set(band.start, (content) => boundBand(content, band.key, text));
      }
    }
    if (k > 0) emit(continued);
    open();
    for (let r = 0; r < headerRows; r++) row(r);
    if (piece.label) continuedLabel(piece.label);
    for (let r = piece.from; r < piece.to; r++) row(headerRows + r);
    emit('</w:tbl>');
  });
  if (b.note) emit(paragraph({ spacing: CELL_LINE, indent: noIndent }, boundRuns(b.note, FONT.body, CELL_SIZE, false)));
}
