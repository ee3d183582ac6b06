import { runsText, type ReportDoc } from '../model/doc';
import { rowCells, rowCellTexts, tableGrids } from '../model/table-band';
import { cellTexts, lastOpenTag, tableRowAt, tableRowsFrom, xmlText, type BookmarkRange, type XmlRow } from './ooxml';

/**
 * Whether a figure bound in a table cell still stands in the same row of the same table in the new
 * data. A table's figures are keyed by their data paths, and a list's paths are positions: new data
 * with a row inserted, or a table inserted before, give `rows[5]` to another item. Updated figure by
 * figure, the draft's row would then hold the new item's figures beside the old item's name (a name
 * without digits is text, not a figure, and is not updated). So a figure in a table is updated only
 * where its table's header rows and the row's unbound cells (names, empty cells) read the same in
 * the draft and the new data, and the row has as many cells; where the new data have two tables of
 * the same header rows, also only where the draft's table has the new table's title above it.
 */

interface NewRowShape {
  header: string;
  title: string;
  /** Another table of the new data has the same header rows: only its title tells them apart. */
  shared: boolean;
  /** Per cell of the row: null for a cell holding a figure, else its text. */
  cells: (string | null)[];
}

/** The reason a figure's row no longer matches (for the conflict message), or null when it does. */
export type RowCheck = (at: number, key: string) => string | null;

/**
 * `bindings`: the draft's binding bookmarks whose start and end were both found (ooxml.ts findBookmarks).
 * A cell holds a figure where one of them starts inside it, wherever its end now is: the row is told
 * by its names, not by its figures, and a figure whose end the writer moved past other cells is that
 * figure's own conflict (its text no longer matches), not its row's. A cell whose bookmark lost its
 * end, or whose start the writer deleted, holds text, as a cell the writer retyped does.
 */
export function rowCheck(xml: string, doc: ReportDoc, bindings: readonly BookmarkRange[]): RowCheck {
  let byKey: Map<string, NewRowShape> | null = null;
  const drafts = new Map<number, { header: string; cells: (string | null)[]; tableStart: number } | null>();
  const headerOf = new Map<number, string>();

  const newShapes = () => {
    const out = new Map<string, NewRowShape>();
    const tables = tableGrids(doc);
    const headers = tables.map(({ block: b, slots }) => b.header.map((_, r) => rowCellTexts(slots, r).join('\t')).join('\n'));
    tables.forEach(({ block: b, slots }, t) => {
      const header = headers[t]!;
      const title = runsText(b.title);
      const shared = headers.some((h, u) => u !== t && h === header);
      for (let r = b.header.length; r < slots.length; r++) {
        const cells = rowCells(slots, r);
        const shape = { header, title, shared, cells: cells.map((c) => (c?.runs.some((x) => x.fig) ? null : c ? runsText(c.runs) : '')) };
        for (const c of cells) for (const run of c?.runs ?? []) if (run.fig) out.set(run.fig.key, shape);
      }
    });
    return out;
  };

  /** The paragraph just before offset `pos` (nothing but other markup between), or null. */
  const paragraphBefore = (pos: number): { start: number; text: string } | null => {
    const end = xml.lastIndexOf('</w:p>', pos);
    if (end < 0 || /<w:p[ >]|<\/?w:tbl[ >]/.test(xml.slice(end + 6, pos))) return null;
    const start = lastOpenTag(xml, '<w:p', end);
    return start < 0 ? null : { start, text: xmlText(xml.slice(start, end)) };
  };
  const titlesOf = new Map<number, string[]>();
  /**
   * The texts of the three paragraphs before the table's first piece (its number, title and unit
   * line as written): from a continued piece back over the pieces before it (each after an empty
   * page-break paragraph or 续表N).
   */
  const draftTitles = (tableStart: number): string[] => {
    let found = titlesOf.get(tableStart);
    if (!found) {
      let start = tableStart;
      for (;;) {
        const p = paragraphBefore(start);
        if (!p || !(p.text === '' || p.text.startsWith('续')) || !/<\/w:tbl>\s*$/.test(xml.slice(Math.max(0, p.start - 64), p.start))) break;
        start = xml.lastIndexOf('<w:tbl>', p.start);
      }
      found = [];
      for (let p = paragraphBefore(start); p && found.length < 3; p = paragraphBefore(p.start)) found.push(p.text);
      titlesOf.set(tableStart, found);
    }
    return found;
  };

  /** The header rows (w:tblHeader) of the draft table starting at `tableStart`, as text. */
  const draftHeader = (tableStart: number): string => {
    let h = headerOf.get(tableStart);
    if (h === undefined) {
      const isHeader = (r: XmlRow) => /<w:tblHeader(?:\s+w:val="(?:true|1|on)")?\s*\/>/.test(xml.slice(r.start, r.cells[0]?.start ?? r.end));
      const rows = tableRowsFrom(xml, xml.indexOf('<w:tr', tableStart) + 1, (r) => !isHeader(r)) ?? [];
      const header: XmlRow[] = rows.filter(isHeader);
      h = header.map((r) => cellTexts(xml, r).join('\t')).join('\n');
      headerOf.set(tableStart, h);
    }
    return h;
  };

  /** The draft row holding offset `at`: its table's header and its cells (null: bound to data), or null outside a table. */
  const draftRow = (at: number) => {
    const tableStart = xml.lastIndexOf('<w:tbl>', at);
    if (tableStart < 0 || xml.lastIndexOf('</w:tbl>', at) > tableStart) return null;
    const row = tableRowAt(xml, at);
    if (!row) return null;
    let shape = drafts.get(row.start);
    if (shape === undefined) {
      const cells = row.cells.map((c) => {
        const bound = bindings.some((m) => m.start >= c.start && m.start < c.end);
        return bound ? null : xmlText(xml.slice(c.start, c.end));
      });
      shape = { header: draftHeader(tableStart), cells, tableStart };
      drafts.set(row.start, shape);
    }
    return shape;
  };

  return (at, key) => {
    const draft = draftRow(at);
    if (!draft) return null; // not in a table: nothing to compare
    byKey ??= newShapes();
    const now = byKey.get(key);
    if (!now) return '新数据中这个数字不在表格中';
    if (now.header !== draft.header) return `表头不同（稿件“${draft.header.replace(/\s+/g, ' ').slice(0, 30)}”，新数据“${now.header.replace(/\s+/g, ' ').slice(0, 30)}”）`;
    if (now.shared && !draftTitles(draft.tableStart).includes(now.title)) return `表格不同（新数据中这个数字在表格“${now.title}”中，它与另一张表格的表头相同，而稿件中这张表格的标题不是它）`;
    if (now.cells.length !== draft.cells.length) return `这一行的格数不同（稿件 ${draft.cells.length} 格，新数据 ${now.cells.length} 格）`;
    for (let c = 0; c < now.cells.length; c++) {
      const a = draft.cells[c];
      const b = now.cells[c];
      if ((a === null) !== (b === null) || (a !== null && a !== b)) return `这一行的文字不同（稿件“${draft.cells.map((x) => x ?? '…').join(' ').slice(0, 30)}”，新数据“${now.cells.map((x) => x ?? '…').join(' ').slice(0, 30)}”）`;
    }
    return null;
  };
}
