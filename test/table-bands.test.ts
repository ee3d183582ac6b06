import { deflateRawSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { packReport, packReportSync } from '../src/docx/pack';
import { refreshDraft } from '../src/refresh';
import { cellDifferences } from '../src/refresh/bands';
import { findBookmarks } from '../src/refresh/ooxml';
import { xmlFault } from '../src/refresh/well-formed';
import { parseBindingName } from '../src/model/bind';
import { BAND_MIN_ROWS, BAND_ROWS } from '../src/model/table-band';
import { laiwuRaw, mustBuild, xmlParagraphs } from './helpers';
import { LIBREOFFICE } from './libreoffice';

/**
 * A long table's body is bound in bands of rows, one bookmark each (model/table-band.ts): the DOCX
 * stays small, and `refresh` still updates every cell the writer left alone.
 */

type Row = (string | number)[];
const ROWS = 620;
const item = (k: number): Row => [`明细项目${k + 1}`, 1000 + k, (k % 100) / 10];

function withTables(long: Row[], short: Row[] = Array.from({ length: 20 }, (_, k) => [`短表项目${k + 1}`, 50 + k])): any {
  const raw = laiwuRaw();
  raw.tables = [
    { title: '附加明细表', unit: '万元', header: [['项目', '金额', '占比（%）']], rows: long },
    { title: '附加短表', unit: '万元', header: [['项目', '金额']], rows: short },
  ];
  return raw;
}

const longRows = (n = ROWS) => Array.from({ length: n }, (_, k) => item(k));
const docXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);
const marks = (xml: string) => findBookmarks(xml, (n) => parseBindingName(n) !== null);
/** The w:tc holding the text `t` exactly. */
const cellOf = (xml: string, t: string) => [...xml.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => m[0]).find((c) => xmlParagraphs(c).join('') === t);

describe('long tables bound band by band', () => {
  const draft = packReportSync(mustBuild(withTables(longRows())));
  const xml = docXml(draft);

  it('binds each band of a long table with one bookmark, and short tables figure by figure', () => {
    const all = marks(xml);
    const bands = all.filter((m) => m.name.startsWith('B'));
    // A band never spans a page's piece of the table nor more than BAND_ROWS rows before the next may start.
    expect(bands.length).toBeGreaterThanOrEqual(Math.ceil(ROWS / BAND_ROWS));
    expect(bands.length).toBeLessThan(ROWS / 10);
    expect(bands[0]!.text).toBe('明细项目1');
    // No cell of the long table is bound on its own; every cell of the short one is.
    for (const t of ['明细项目300', '1299', '9.9']) expect(cellOf(xml, t)).not.toMatch(/bookmarkStart/);
    for (const t of ['短表项目7', '56']) expect(cellOf(xml, t)).toMatch(/<w:bookmarkStart w:name="F[0-9a-f]{12}_[0-9a-f]{8}"/);
    // The item column is left-aligned though its cells are data; figures are right-aligned.
    expect(cellOf(xml, '明细项目300')).toContain('<w:jc w:val="left"/>');
    expect(cellOf(xml, '1299')).toContain('<w:jc w:val="right"/>');
    expect(BAND_MIN_ROWS).toBeLessThan(ROWS);
  });

  it('keeps the bookmarks of a 3,000-row table to a few hundredths of its compressed size (one per figure would double it)', () => {
    const big = docXml(packReportSync(mustBuild(withTables(longRows(3000)))));
    const bands = marks(big).filter((m) => m.name.startsWith('B'));
    expect(bands.length).toBeLessThan(3000 / 20);
    // The same XML without the band bookmarks (the rest of the report keeps its own).
    let without = big;
    for (const m of [...bands].reverse()) without = without.slice(0, m.start) + without.slice(m.startEnd, m.end) + without.slice(m.endEnd);
    const size = (s: string) => deflateRawSync(Buffer.from(s), { level: 6 }).length;
    expect(size(big) / size(without)).toBeLessThan(1.1);
  });

  it('refreshes an untouched long table cell by cell to read as the new data', () => {
    const rows = longRows();
    rows[4]![1] = 7777; // band 1
    rows[250]![2] = 12.5; // a later band
    rows[619]![0] = '明细项目（调整）'; // the last row, a text cell
    const newDoc = mustBuild(withTables(rows));
    const r = refreshDraft(draft, newDoc);
    expect(r.conflicts).toEqual([]);
    expect(r.changes.map((c) => [c.source, c.old, c.new])).toEqual([
      ['tables[0].rows[4][1]', '1004', '7777'],
      ['tables[0].rows[250][2]', '5', '12.5'],
    ]);
    // Text with no digit is not a figure: its change is a rewording.
    expect(r.rewordings).toEqual([{ where: expect.stringMatching(/^表格“附加明细表” › “明细项目\d+ \d+ /), old: '明细项目620', new: '明细项目（调整）' }]);
    // The refreshed draft reads exactly as a fresh build of the new data, paragraph for paragraph.
    expect(xmlParagraphs(docXml(r.bytes))).toEqual(xmlParagraphs(docXml(packReportSync(newDoc))));
    expect(xmlFault(docXml(r.bytes))).toBeNull();
    // Again with the same data: nothing left to change.
    const again = refreshDraft(r.bytes, newDoc);
    expect(again.changes).toEqual([]);
    expect(again.conflicts).toEqual([]);
  });

  it('leaves a band the writer edited, reports it, and updates the other bands', () => {
    const edited = draft.slice();
    const files = unzipSync(edited);
    files['word/document.xml'] = strToU8(docXml(draft).replace('>1100<', '>1100（已核）<'));
    const rows = longRows();
    rows[101]![1] = 1; // same band as the edit
    rows[500]![1] = 2; // another band
    const r = refreshDraft(zipSync(files), mustBuild(withTables(rows)), { comments: true });
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]!.kind).toBe('edited');
    expect(r.conflicts[0]!.message).toMatch(/^表格中自“明细项目\d+.*”起的 \d+ 行已被手工修改，而新数据与稿件不同：这几行未自动更新/);
    // Which of the band's rows differ, so the writer need not compare fifty rows by eye.
    expect(r.conflicts[0]!.message).toContain('稿件与新数据不同的格（稿件 → 新数据）为：“明细项目101”第 2 列 1100（已核） → 1100；“明细项目102”第 2 列 1101 → 1。');
    expect(r.changes.map((c) => [c.old, c.new])).toEqual([['1500', '2']]);
    const out = docXml(r.bytes);
    expect(out).toContain('>1100（已核）<');
    expect(cellOf(out, '1101')).toBeDefined();
    expect(cellOf(out, '2')).toBeDefined();
    expect(xmlFault(out)).toBeNull();
    expect(strFromU8(unzipSync(r.bytes)['word/comments.xml']!)).toContain('已被手工修改');
  });

  it('pairs an edited band\'s rows by their item name to say which cells differ: a row the writer inserted shifts nothing', () => {
    const draftRows = [['甲', '1', '0.1'], ['撰稿人插入的一行', '9', ''], ['乙', '2', '0.2'], ['丙', '3', '']];
    const freshRows = [['甲', '1', '0.1'], ['乙', '5', '0.2'], ['丙', '3', '0.3'], ['丁', '4', '0.4']];
    expect(cellDifferences(draftRows, freshRows)).toEqual(['“乙”第 2 列 2 → 5', '“丙”第 3 列 （空） → 0.3']);
  });

  it('reports rows the new data no longer has, and rows it adds, once per table', () => {
    const fewer = longRows(600);
    fewer[10]![1] = 3;
    const r = refreshDraft(draft, mustBuild(withTables(fewer)), { comments: true });
    // The band holding row 600 loses its foot; a band starting below it is gone whole.
    expect(r.conflicts.map((c) => c.kind)).toEqual(r.conflicts.map(() => 'gone'));
    expect(r.conflicts[0]!.message).toMatch(/^新数据中这张表格少了稿件中自“明细项目601 1600 0”起的 \d+ 行：未改动，请核对是否删除。$/);
    const counted = r.conflicts.map((c) => Number(/(\d+) 行/.exec(c.message)![1]));
    expect(counted.reduce((a, n) => a + n, 0)).toBe(20);
    expect(r.changes.map((c) => [c.old, c.new])).toEqual([['1010', '3']]);
    expect(xmlFault(docXml(r.bytes))).toBeNull();
    expect(docXml(r.bytes)).toContain('>明细项目620<');

    const more = refreshDraft(draft, mustBuild(withTables(longRows(650))), { comments: true });
    expect(more.conflicts.map((c) => [c.kind, c.message])).toEqual([['deleted', '新数据中表格“附加明细表”比稿件多出 30 行（自“明细项目621 1620 2”起）：稿件中没有它们的位置，未插入，请核对后手工补上。']]);
    expect(more.changes).toEqual([]);

    // A short table, bound figure by figure, that grows; and a table the draft does not have at all.
    const grown = withTables(longRows(), Array.from({ length: 23 }, (_, k) => [`短表项目${k + 1}`, 50 + k]));
    grown.tables.push({ title: '新增表', unit: '万元', header: [['项目', '金额']], rows: [['新增项目1', 9]] });
    const r3 = refreshDraft(draft, mustBuild(grown), { comments: true });
    expect(r3.conflicts.map((c) => c.message)).toEqual([
      '新数据中表格“附加短表”比稿件多出 3 行（自“短表项目21 70”起）：稿件中没有它们的位置，未插入，请核对后手工补上。',
      '稿件中没有表格“新增表”的数字（可能已被删除，或是新数据新增的表格）：未插入，请核对。',
    ]);
  });

  it('finds a long table by its title and header, not by its place: a table the new data add before it gets none of its rows', () => {
    const only = withTables(longRows());
    only.tables.pop();
    const alone = packReportSync(mustBuild(only));
    const raw = structuredClone(only);
    // Same header and size, another title, other figures, first in the list.
    raw.tables.unshift({ title: '另一张明细表', unit: '万元', header: [['项目', '金额', '占比（%）']], rows: longRows().map((r) => [r[0], 7, 7]) });
    const r = refreshDraft(alone, mustBuild(raw), { comments: true });
    expect(r.changes).toEqual([]);
    expect(r.conflicts.map((c) => c.message)).toContain('稿件中没有表格“另一张明细表”的数字（可能已被删除，或是新数据新增的表格）：未插入，请核对。');
    // The draft's long table reads as before, cell for cell.
    const cells = (x: string) => xmlParagraphs(x).filter((p) => /^(明细项目\d+|\d+(\.\d+)?)$/.test(p));
    expect(cells(docXml(r.bytes))).toEqual(cells(docXml(alone)));
    expect(xmlFault(docXml(r.bytes))).toBeNull();
  });

  (LIBREOFFICE ? it : it.skip)('refreshes a long table after LibreOffice saved the draft', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-bands-'));
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'draft.docx'), draft);
    const lo = spawnSync(LIBREOFFICE!, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'docx:MS Word 2007 XML', '--outdir', join(dir, 'out'), join(dir, 'in', 'draft.docx')], { timeout: 180000 });
    expect(lo.status).toBe(0);
    const saved = readFileSync(join(dir, 'out', 'draft.docx'));
    const rows = longRows();
    rows[3]![1] = 4242;
    rows[400]![2] = 0.5;
    const newDoc = mustBuild(withTables(rows));
    const r = refreshDraft(saved, newDoc);
    expect(r.conflicts).toEqual([]);
    expect(r.changes.map((c) => [c.old, c.new])).toEqual([
      ['1003', '4242'],
      ['0', '0.5'],
    ]);
    const out = docXml(r.bytes);
    expect(cellOf(out, '4242')).toBeDefined();
    expect(xmlFault(out)).toBeNull();
  }, 200000);
});
