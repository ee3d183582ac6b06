import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { packReportSync } from '../src/docx/pack';
import { refreshDraft } from '../src/refresh';
import { xmlFault } from '../src/refresh/well-formed';
import { laiwuRaw, mustBuild, xmlParagraphs } from './helpers';

/**
 * Refresh of long tables at their edges: a band's first row no longer a figure, a band that cannot
 * be read, merges that differ between draft and new data, and rows added to a table of a draft
 * bound figure by figure. Same fixtures as test/table-bands.test.ts.
 */

// Lets a test build a draft as versions before bands did (one F bookmark per figure).
let banding = true;
jest.mock('../src/model/table-band', () => {
  const actual = jest.requireActual('../src/model/table-band');
  return { ...actual, isBanded: (n: number) => banding && actual.isBanded(n) };
});

type Cell = string | number | null | { text?: string; value?: number; rowSpan?: number; colSpan?: number };
type Row = Cell[];
const ROWS = 620;
const item = (k: number): Row => [`明细项目${k + 1}`, 1000 + k, (k % 100) / 10];
const longRows = (n = ROWS): Row[] => Array.from({ length: n }, (_, k) => item(k));

function withTable(long: Row[]): any {
  const raw = laiwuRaw();
  raw.tables = [{ title: '附加明细表', unit: '万元', header: [['项目', '金额', '占比（%）']], rows: long }];
  return raw;
}
const docXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);
const withXml = (docx: Uint8Array, edit: (xml: string) => string) => {
  const files = unzipSync(docx);
  files['word/document.xml'] = strToU8(edit(docXml(docx)));
  return zipSync(files);
};
/** The w:tc holding the text `t` exactly (any attributes). */
const cellOf = (xml: string, t: string) => [...xml.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => m[0]).find((c) => xmlParagraphs(c).join('') === t);
/** The w:tr holding a cell with text `t`. */
const rowOf = (xml: string, t: string) => [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]).find((r) => r.includes(`>${t}<`));
/** Per cell of a row: its gridSpan and vMerge, the table structure a reader sees. */
const shape = (tr = '') => [...tr.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => `${/<w:gridSpan w:val="(\d+)"/.exec(m[0])?.[1] ?? 1}/${/<w:vMerge w:val="(\w+)"/.exec(m[0])?.[1] ?? '-'}`);

describe('band keys', () => {
  const draft = packReportSync(mustBuild(withTable(longRows())));

  it('refreshes a band whose first row\'s first cell is no longer a figure in the new data (its name loses its digits)', () => {
    const rows = longRows();
    rows[0]![0] = '一般公共服务'; // the first band's first cell: no digit, so no longer a figure
    rows[5]![1] = 9999; // a figure in the same band
    const newDoc = mustBuild(withTable(rows));
    const r = refreshDraft(draft, newDoc, { comments: true });
    // What this guards against: one 'gone' conflict for the whole band ("新数据生成的报告中已没有…28 行表格") plus one
    // 'deleted' conflict per figure of the band (83 more), and 1005 is never updated.
    expect(r.conflicts.map((c) => c.kind)).toEqual([]);
    expect(r.changes.map((c) => [c.old, c.new])).toEqual([['1005', '9999']]);
    expect(xmlParagraphs(docXml(r.bytes))).toEqual(xmlParagraphs(docXml(packReportSync(newDoc))));
  });

  it('refreshes a band whose first row\'s first figure is left empty in the new data (item names without digits)', () => {
    const named = Array.from({ length: ROWS }, (_, k): Row => [`项目${'甲乙丙丁戊己庚辛壬癸'[k % 10]}`, 1000 + k, 2000 + k]);
    const d = packReportSync(mustBuild(withTable(named)));
    const rows = named.map((r) => r.slice());
    rows[0]![1] = null; // the band's key figure: no amount this year
    rows[3]![2] = 1; // same band
    const newDoc = mustBuild(withTable(rows));
    const r = refreshDraft(d, newDoc);
    expect(r.conflicts.map((c) => c.kind)).toEqual([]);
    expect(r.changes.map((c) => [c.old, c.new])).toEqual([['2003', '1']]);
    expect(xmlParagraphs(docXml(r.bytes))).toEqual(xmlParagraphs(docXml(packReportSync(newDoc))));
  });

  it('reports a band it cannot read once, not once more per figure in it', () => {
    // The writer put a small table into a cell of the first band (a nested table: the band is not read row by row).
    const nested = '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="1000"/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>附注</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>';
    const edited = withXml(draft, (xml) => {
      const cell = cellOf(xml, '明细项目5')!;
      return xml.replace(cell, cell.replace('</w:tc>', `${nested}</w:tc>`));
    });
    const rows = longRows();
    rows[4]![1] = 1;
    const r = refreshDraft(edited, mustBuild(withTable(rows)), { comments: true });
    // What this guards against: the band's 'gone' conflict, then 'deleted' ("稿件中没有数字…的位置") for each of its 80-odd figures.
    expect(r.conflicts.map((c) => c.kind)).toEqual(['gone']);
  });
});

/**
 * A draft whose rows read `before` (by index), refreshed with data whose rows read `after`: whether
 * the change is reported as a conflict, or the row holding `text` has the merges a fresh build of
 * `after` has. Either is right; a stale or misplaced merge with no report is not.
 */
function mergesFollowOrReported(before: Record<number, Row>, after: Record<number, Row>, text: string): boolean {
  const build = (over: Record<number, Row>) => {
    const rows = longRows();
    for (const [k, v] of Object.entries(over)) rows[Number(k)] = v;
    return mustBuild(withTable(rows));
  };
  const newDoc = build(after);
  const r = refreshDraft(packReportSync(build(before)), newDoc);
  return r.conflicts.length > 0 || shape(rowOf(docXml(r.bytes), text)).join() === shape(rowOf(docXml(packReportSync(newDoc)), text)).join();
}

describe('merged cells in bands', () => {
  it('does not write a cell\'s new text into a vertically merged-away cell (the new data unmerge it)', () => {
    // What this guards against: no conflict, a rewording '' → '另一类', and the text sits in a <w:vMerge w:val="continue"/>
    // cell, which Word shows as part of the merged 合并类 cell above: the reader never sees 另一类.
    expect(mergesFollowOrReported({ 10: [{ text: '合并类', rowSpan: 2 }, 1010, 1], 11: [1011, 2] }, { 10: ['合并类', 1010, 1], 11: ['另一类', 1011, 2] }, '另一类')).toBe(true);
  });

  it('does not leave a stale merge when the new data merge cells the draft has apart', () => {
    // What this guards against: no conflict; 类二 is emptied into a cell of its own, 合并类 does not span the two rows.
    expect(mergesFollowOrReported({ 10: ['类一', 1010, 1], 11: ['类二', 1011, 2] }, { 10: [{ text: '合并类', rowSpan: 2 }, 1010, 1], 11: [1011, 2] }, '1011')).toBe(true);
  });

  it('does not keep a column span the new data moved (same number of cells, other spans)', () => {
    // What this guards against: no change, no conflict: 小计 still spans two columns and 7 one.
    expect(mergesFollowOrReported({ 10: [{ text: '小计', colSpan: 2 }, 7] }, { 10: ['小计', { value: 7, colSpan: 2 }] }, '小计')).toBe(true);
  });
});

describe('drafts from before bands', () => {
  afterEach(() => {
    banding = true;
  });

  it('reports rows the new data add to a long table once, also in a draft bound figure by figure', () => {
    banding = false; // the draft as versions before bands made it: one bookmark per figure
    const old = packReportSync(mustBuild(withTable(longRows(480))));
    banding = true;
    const r = refreshDraft(old, mustBuild(withTable(longRows(ROWS))), { comments: true });
    expect(xmlFault(docXml(r.bytes))).toBeNull();
    // What this guards against: 420 'deleted' conflicts (and 420 comments on one figure), one per figure of the 140 new rows;
    // the same rows added to a banded draft give one conflict ("比稿件多出 140 行").
    expect(r.conflicts.length).toBeLessThanOrEqual(1);
  }, 60000);

  it('does not fill a short table with the figures of another table of the same header that the new data put before it', () => {
    const table = (title: string, tag: string) => ({ title, unit: '万元', header: [['项目', '金额']], rows: Array.from({ length: 20 }, (_, k) => [`${tag}项目${k + 1}`, 100 + k]) });
    const raw = laiwuRaw();
    raw.tables = [table('甲表', '甲')];
    const draft = packReportSync(mustBuild(raw));
    const next = laiwuRaw();
    next.tables = [table('丙表', '丙'), table('甲表', '甲')];
    const r = refreshDraft(draft, mustBuild(next), { comments: true });
    // 甲表's figures now sit at tables[1]; tables[0] is 丙表, same header, same shape, labels with digits.
    expect(r.changes).toEqual([]);
    // The labels differ (甲项目k against 丙项目k); the amounts happen to be the same and stay as they are.
    expect(r.conflicts.filter((c) => c.message.includes('表格不同')).map((c) => c.draftText)).toEqual(Array.from({ length: 20 }, (_, k) => `甲项目${k + 1}`));
    expect(r.conflicts.map((c) => c.message)).toContain('稿件中没有表格“甲表”的数字（可能已被删除，或是新数据新增的表格）：未插入，请核对。');
    const cells = xmlParagraphs(docXml(r.bytes));
    expect(cells).toContain('甲项目7');
    expect(cells).not.toContain('丙项目7');
    expect(xmlFault(docXml(r.bytes))).toBeNull();
  });
});
