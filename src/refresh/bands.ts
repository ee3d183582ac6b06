import { runsText, type ReportDoc, type TableCell } from '../model/doc';
import { hashedBindingName, keyHash, textHash } from '../model/bind';
import { bandKey, bandText, rowCells, rowCellTexts, tableGrids, TableNames } from '../model/table-band';
import type { Slot } from '../model/table-grid';
import { describeSource } from '../model/source';
import { FONT, SIZE } from '../docx/layout';
import { STYLE } from '../docx/style-ids';
import { runPropsIn, textRun } from '../docx/xml';
import { cellTexts, renamedTag, replaceCellText, tableRowsFrom, xmlText, type BookmarkRange } from './ooxml';

/** What refreshing the bands of long tables reports back to refreshDraft (same shapes as its own). */
export interface BandSink {
  edit(from: number, to: number, text: string): void;
  change(c: { source: string; where: string; old: string; new: string }): void;
  reword(r: { where: string; old: string; new: string }): void;
  conflict(range: BookmarkRange | null, c: { kind: 'edited' | 'gone' | 'deleted'; source: string; where: string; draftText: string; newText?: string; message: string }): void;
  /** A new figure found its place in the draft (by its key hash). */
  seen(hash: string): void;
  unchanged(n: number): void;
}

interface NewRow {
  slots: Slot<TableCell>[][];
  row: number;
  title: string;
}

/** Figures of rows `from`.. of a new table, by key. */
function figureKeys(slots: Slot<TableCell>[][], from: number, to = slots.length): string[] {
  const out: string[] = [];
  for (let r = from; r < to; r++) for (const c of rowCells(slots, r)) for (const run of c?.runs ?? []) if (run.fig) out.push(run.fig.key);
  return out;
}

/** Every body row of every new table, by the key hash a band starting there has (bandKey). */
function rowsByKeyHash(doc: ReportDoc): Map<string, NewRow> {
  const out = new Map<string, NewRow>();
  const names = new TableNames();
  for (const { block: b, slots } of tableGrids(doc)) {
    const title = runsText(b.title);
    const name = names.next(b);
    for (let r = b.header.length; r < slots.length; r++) out.set(keyHash(bandKey(name, r)), { slots, row: r, title });
  }
  return out;
}

/** How each cell (w:tc) of row `r` of a new table is merged: its column span, and restart/continue of a vertical merge. */
function rowMerges(slots: Slot<TableCell>[][], r: number): string[] {
  const out: string[] = [];
  const row = slots[r]!;
  for (let c = 0; c < row.length; c++) {
    const s = row[c]!;
    if (s.col !== c) continue;
    out.push(`${s.cell.colSpan ?? 1}/${(s.cell.rowSpan ?? 1) > 1 ? (s.row === r ? 'restart' : 'continue') : ''}`);
  }
  return out;
}

/** The same for a draft's cell, from its w:tcPr (Word writes a continued merge as <w:vMerge/>). */
function cellMerge(cellXml: string): string {
  const tcPr = /^<w:tc\b[^>]*>\s*<w:tcPr>([\s\S]*?)<\/w:tcPr>/.exec(cellXml)?.[1] ?? '';
  const span = /<w:gridSpan\b[^>]*\bw:val="(\d+)"/.exec(tcPr)?.[1] ?? '1';
  const v = /<w:vMerge\b([^>]*)\/>/.exec(tcPr);
  return `${span}/${v ? (/w:val="restart"/.test(v[1]!) ? 'restart' : 'continue') : ''}`;
}

const CELL_RUN = runPropsIn(STYLE.tableText, FONT.body, SIZE.xiaosi);
const CELL_RUN_BOLD = runPropsIn(STYLE.tableText, FONT.body, SIZE.xiaosi, true);

/** How many differing cells a band's conflict lists. */
const SHOWN_DIFFERENCES = 5;

/**
 * The cells of a band the writer must look at, as “项目”列2：draft → new: rows paired by their first
 * cell (the item's name; a row the writer inserted or renamed has no pair and is left out), then
 * compared cell by cell. A writer handling the band by hand then knows which of its fifty rows
 * the new data changed, or which of their own edits differ from it.
 */
export function cellDifferences(draft: readonly (readonly string[])[], fresh: readonly (readonly string[])[]): string[] {
  const byName = new Map<string, number[]>();
  fresh.forEach((row, j) => {
    const name = row[0] ?? '';
    const rows = byName.get(name);
    if (rows) rows.push(j);
    else byName.set(name, [j]);
  });
  const out: string[] = [];
  for (const row of draft) {
    const name = row[0] ?? '';
    const j = byName.get(name)?.shift();
    if (j === undefined) continue;
    const other = fresh[j]!;
    for (let c = 1; c < Math.max(row.length, other.length); c++) {
      const was = row[c] ?? '';
      const now = other[c] ?? '';
      if (was !== now) out.push(`“${name}”第 ${c + 1} 列 ${was || '（空）'} → ${now || '（空）'}`);
    }
  }
  return out;
}

/**
 * Refreshes the bands of long tables (model/table-band.ts): a band untouched by the writer (its text
 * hash still matches) gets the new table's rows, row for row from the row its key names, cell by
 * cell where the text differs; a band the writer edited is left whole and reported, unless it
 * already reads as the new data. Rows the new table no longer has are left and reported.
 */
export function refreshBands(xml: string, marks: BookmarkRange[], doc: ReportDoc, parse: (name: string) => { keyHash: string; textHash: string }, figureAt: (key: string) => { source: string; where: string } | undefined, sink: BandSink): void {
  if (!marks.length) return;
  const newRows = rowsByKeyHash(doc);
  const starts = marks.map((m) => m.start);
  const targets = marks.map((m) => newRows.get(parse(m.name).keyHash));
  /** Figures of the new rows a band reported whole would have had: found, not to be reported again one by one. */
  const seeRows = (k: number) => {
    const t = targets[k]!;
    const next = targets.slice(k + 1).find((n) => n?.slots === t.slots);
    for (const key of figureKeys(t.slots, t.row, next ? next.row : t.slots.length)) sink.seen(keyHash(key));
  };
  for (const [k, bm] of marks.entries()) {
    const parsed = parse(bm.name);
    // The band runs to the next band's row or the table's end.
    const nextStart = starts[k + 1] ?? Infinity;
    const rows = tableRowsFrom(xml, bm.start, (r) => nextStart >= r.start && nextStart < r.end);
    const draft = rows?.map((r) => cellTexts(xml, r));
    // The band's first row as a reader sees it, cells apart: how a message names the band.
    const firstText = draft ? draft[0]!.join(' ').slice(0, 24) : bm.text;
    if (!rows || !draft) {
      if (targets[k]) seeRows(k);
      sink.conflict(bm, { kind: 'gone', source: '表格', where: '', draftText: bm.text, message: `稿件中“${firstText}”所在的表格结构已改变（含嵌套表格或不在表格中）：未自动更新，请核对后手工处理。` });
      continue;
    }
    const target = newRows.get(parsed.keyHash);
    if (!target) {
      sink.conflict(bm, { kind: 'gone', source: '新数据中已无此表格内容', where: '', draftText: firstText, message: `新数据生成的报告中已没有稿件中自“${firstText}”起的 ${rows.length} 行表格：未改动，请核对是否删除。` });
      continue;
    }
    const where = `表格“${target.title}” › “${firstText}”`;
    const available = Math.min(rows.length, target.slots.length - target.row);
    const fresh = Array.from({ length: available }, (_, i) => rowCellTexts(target.slots, target.row + i));
    const cells = Array.from({ length: available }, (_, i) => rowCells(target.slots, target.row + i));
    const figures = figureKeys(target.slots, target.row, target.row + available);
    for (const k of figures) sink.seen(keyHash(k));
    const sameShape = fresh.every((cellsOfRow, i) => cellsOfRow.length === draft[i]!.length && rowMerges(target.slots, target.row + i).join() === rows[i]!.cells.map((c) => cellMerge(xml.slice(c.start, c.end))).join());
    const reads = (texts: string[][]) => texts.every((row, i) => row.every((t, c) => t === draft[i]![c]));
    if (textHash(bandText(draft)) !== parsed.textHash || !sameShape) {
      if (available === rows.length && sameShape && reads(fresh)) {
        sink.unchanged(figures.length);
        rename(bm, parsed.keyHash, bandText(fresh));
        continue;
      }
      const newText = bandText(fresh).slice(0, 200);
      const differ = cellDifferences(draft, fresh);
      const listed = differ.length
        ? `稿件与新数据不同的格（稿件 → 新数据）${differ.length > SHOWN_DIFFERENCES ? `共 ${differ.length} 处，前 ${SHOWN_DIFFERENCES} 处为` : '为'}：${differ.slice(0, SHOWN_DIFFERENCES).join('；')}。`
        : '';
      sink.conflict(bm, {
        kind: 'edited',
        source: `表格“${target.title}”`,
        where,
        draftText: firstText,
        newText,
        message: sameShape
          ? `表格中自“${firstText}”起的 ${rows.length} 行已被手工修改，而新数据与稿件不同：这几行未自动更新，请核对后手工处理。${listed}`
          : `表格中自“${firstText}”起的行，稿件与新数据的列或合并单元格不一致：未自动更新，请核对后手工处理。${listed}`,
      });
      continue;
    }
    if (available < rows.length) {
      // Marked on the first row left over: the band's own first cell may be rewritten below.
      sink.conflict(paragraphRange(xml, rows[available]!.cells[0]!), {
        kind: 'gone',
        source: `表格“${target.title}”`,
        where,
        draftText: draft.slice(available).map((r) => r.join(' ')).join('；').slice(0, 200),
        message: `新数据中这张表格少了稿件中自“${draft[available]!.join(' ').slice(0, 24)}”起的 ${rows.length - available} 行：未改动，请核对是否删除。`,
      });
    }
    // The band's text as it will read (rows the new table lacks stay as they are), then the cells'
    // edits; the band's own bookmark, inside one of the cells, is renamed within that cell's edit.
    const result = draft.map((r, i) => (i < available ? fresh[i]! : r));
    const name = hashedBindingName(parsed.keyHash, bandText(result), 'B');
    const tag = xml.slice(bm.start, bm.startEnd);
    const renamed = renamedTag(tag, name);
    let tagDone = name === bm.name;
    let unchanged = 0;
    for (let i = 0; i < available; i++) {
      rows[i]!.cells.forEach((at, c) => {
        const old = draft[i]![c]!;
        const now = fresh[i]![c]!;
        const cell = cells[i]![c] ?? null;
        const fig = cell?.runs.find((r) => r.fig)?.fig;
        if (old === now) {
          if (fig) unchanged++;
          return;
        }
        const bold = !!cell?.runs.some((r) => r.bold);
        let cellXml = replaceCellText(xml.slice(at.start, at.end), now, () => textRun(now, bold ? CELL_RUN_BOLD : CELL_RUN));
        if (!tagDone && bm.start >= at.start && bm.start < at.end) {
          cellXml = cellXml.replace(tag, renamed);
          tagDone = true;
        }
        sink.edit(at.start, at.end, cellXml);
        const known = fig ? figureAt(fig.key) : undefined;
        if (fig) sink.change({ source: known?.source ?? describeSource(fig.source), where: known?.where ?? where, old, new: now });
        else sink.reword({ where, old, new: now });
      });
    }
    sink.unchanged(unchanged);
    if (!tagDone) sink.edit(bm.start, bm.startEnd, renamed);
  }

  /** The inside of a cell's first paragraph (after its properties), where a comment's marks may go. */
  function paragraphRange(text: string, cell: { start: number; end: number }): BookmarkRange | null {
    const open = /<w:p(\s[^>]*)?>/.exec(text.slice(cell.start, cell.end));
    if (!open) return null;
    let from = cell.start + open.index + open[0].length;
    if (text.startsWith('<w:pPr>', from)) from = text.indexOf('</w:pPr>', from) + 8;
    const to = text.indexOf('</w:p>', from);
    if (to < 0 || to > cell.end) return null;
    return { name: '', id: '', start: from, startEnd: from, end: to, endEnd: to, text: xmlText(text.slice(from, to)) };
  }

  function rename(bm: BookmarkRange, keyHashHex: string, text: string) {
    const name = hashedBindingName(keyHashHex, text, 'B');
    if (name !== bm.name) sink.edit(bm.start, bm.startEnd, renamedTag(xml.slice(bm.start, bm.startEnd), name));
  }
}

/**
 * Rows of a new table the draft has no place for, one report per table instead of one per figure:
 * rows below the last row the draft has (added with the data), or a whole table the draft lacks.
 * Run once every binding of the draft has been read (`found`: whether a figure was found there);
 * the figures reported here are marked found.
 */
export function missingTableRows(doc: ReportDoc, found: (hash: string) => boolean, sink: Pick<BandSink, 'conflict' | 'seen'>): void {
  for (const { block: b, slots } of tableGrids(doc)) {
    let last = -1;
    for (let r = b.header.length; r < slots.length; r++) if (figureKeys(slots, r, r + 1).some((k) => found(keyHash(k)))) last = r;
    const from = last < 0 ? b.header.length : last + 1;
    const keys = figureKeys(slots, from).filter((k) => !found(keyHash(k)));
    if (!keys.length) continue;
    for (const k of keys) sink.seen(keyHash(k));
    const title = runsText(b.title);
    const first = rowCellTexts(slots, from).join(' ');
    sink.conflict(null, {
      kind: 'deleted',
      source: `表格“${title}”`,
      where: `表格“${title}”`,
      draftText: '',
      newText: first,
      message:
        last < 0
          ? `稿件中没有表格“${title}”的数字（可能已被删除，或是新数据新增的表格）：未插入，请核对。`
          : `新数据中表格“${title}”比稿件多出 ${slots.length - from} 行（自“${first.slice(0, 24)}”起）：稿件中没有它们的位置，未插入，请核对后手工补上。`,
    });
  }
}
