import { markupToBlocks } from '../src/render/markup';
import { layoutGrid, marksFromSpans, spansFromMarks } from '../src/model/table-grid';
import type { TableBlock } from '../src/model/doc';
import { runsText } from '../src/model/doc';
import { packReport } from '../src/docx/pack';
import { buildFromRaw, docxPart, laiwuRaw, mustBuild } from './helpers';

const tables = (blocks: { type: string }[]) => blocks.filter((b): b is TableBlock => b.type === 'table');
const texts = (rows: TableBlock['body']) => rows.map((r) => r.map((c) => runsText(c.runs)));

describe('table markup', () => {
  const markup = [
    '::: table header=2 unit=万元',
    '2024年收支表',
    '',
    '| 项目 | 决算数 | 比较（%） | < |',
    '|:---|---:|---:|---:|',
    '| ^ | ^ | 为预算 | 比上年 |',
    '| 全区 | < | < | < |',
    '| 收入 | 100 | 99.5 | \\< |',
    ':::',
  ].join('\n');

  it('reads title, unit, header rows and merges (< left, ^ up); an escaped mark stays text', () => {
    const [t] = tables(markupToBlocks(markup, { figures: [], slots: [] }));
    expect(runsText(t!.title)).toBe('2024年收支表');
    expect(t!.unit).toBe('万元');
    expect(t!.header).toHaveLength(2);
    expect(t!.header[0]!.map((c) => [runsText(c.runs), c.colSpan, c.rowSpan])).toEqual([
      ['项目', undefined, 2],
      ['决算数', undefined, 2],
      ['比较（%）', 2, undefined],
    ]);
    expect(texts(t!.header.slice(1))).toEqual([['为预算', '比上年']]);
    expect(t!.body[0]![0]!.colSpan).toBe(4);
    expect(texts(t!.body.slice(1))).toEqual([['收入', '100', '99.5', '<']]);
    expect(t!.body[1]![1]!.align).toBe('right');
    expect(t!.header[0]![0]!.align).toBe('center');
  });

  it('refuses a merge mark with nothing to merge into', () => {
    expect(() => markupToBlocks('::: table\nT\n\n| < | a |\n|---|---|\n| b | c |\n:::', { figures: [], slots: [] })).toThrow(/左边没有可合并的单元格/);
  });

  it('round-trips spans through marks', () => {
    type C = { t: string; colSpan?: number; rowSpan?: number };
    const rows: C[][] = [[{ t: 'a', rowSpan: 2 }, { t: 'b', colSpan: 2 }], [{ t: 'c' }, { t: 'd' }]];
    const marks = marksFromSpans(rows);
    expect(marks.map((r) => r.map((c) => (typeof c === 'string' ? c : c.t)))).toEqual([['a', 'b', '<'], ['^', 'c', 'd']]);
    expect(spansFromMarks<C>(marks.map((r) => r.map((c) => (typeof c === 'string' ? c : { t: c.t }))))).toEqual([[{ t: 'a', rowSpan: 2 }, { t: 'b', colSpan: 2 }], [{ t: 'c' }, { t: 'd' }]]);
    expect(layoutGrid(rows).columns).toBe(3);
  });
});

describe('the 决算草案表 of attachment 1', () => {
  const doc = mustBuild(laiwuRaw());
  const ts = tables(doc.blocks);

  it('follows the attachment page of the table set, after the report', () => {
    const i = doc.blocks.findIndex((b) => b.type === 'attachment');
    expect(doc.blocks[i]).toMatchObject({ type: 'attachment', label: '附件1' });
    expect(doc.blocks.indexOf(ts[0]!)).toBe(i + 1);
  });

  it('has the four budgets at both scopes and the debt limit and balance table', () => {
    expect(ts.map((t) => runsText(t.title))).toEqual([
      '2024年一般公共预算收支决算表',
      '2024年政府性基金预算收支决算表',
      '2024年国有资本经营预算收支决算表',
      '2024年社会保险基金预算收支决算表',
      '2024年政府债务限额和余额情况表',
    ]);
    for (const t of ts.slice(0, 4)) {
      const labels = t.body.map((r) => runsText(r[0]!.runs));
      expect(labels).toContain('全区');
      expect(labels).toContain('区级');
    }
    const general = texts(ts[0]!.body);
    expect(general).toContainEqual(['一般公共预算总收入', '1165436', '', '']);
    expect(general).toContainEqual(['当年一般公共预算收入', '470383', '100.08', '0.21']);
    expect(general).toContainEqual(['当年一般公共预算支出', '757058', '100.27', '-0.52']);
    expect(texts(ts[4]!.body)).toContainEqual(['政府债务余额', '1897372', '497690', '1399682']);
    expect(texts(ts[4]!.body)).toContainEqual(['政府债务限额', '2053198', '507559', '1545639']);
  });

  it('traces every figure in a cell to its dataset path', () => {
    const figs = ts.flatMap((t) => t.body.flat().flatMap((c) => c.runs)).filter((r) => /\d/.test(r.text));
    expect(figs.length).toBeGreaterThan(50);
    for (const r of figs) expect(r.fig).toBeDefined();
    const cell = ts[4]!.body[1]![3]!.runs[0]!;
    expect(cell.fig!.source).toEqual({ path: 'debt.balance.special' });
    // The year in a title is a figure too.
    expect(ts[0]!.title[0]!.fig!.source).toEqual({ path: 'meta.year' });
  });

  it('is left out when no attachment is a table set', () => {
    const raw = laiwuRaw();
    raw.meta.attachments = ['关于2024年度预算绩效管理工作情况的报告'];
    expect(tables(mustBuild(raw).blocks)).toHaveLength(0);
  });
});

describe('tables of the dataset itself', () => {
  const extra = {
    title: '2024年一般公共预算收入明细表',
    unit: '万元',
    header: [[{ text: '项目', rowSpan: 2 }, { text: '金额', colSpan: 2 }], ['上年', '本年']],
    rows: [
      ['税收收入', 359213, 348061],
      [{ text: '其中：增值税' }, null, { value: 120000 }],
    ],
  };

  it('are rendered after the generated ones, figures traced to their cells', async () => {
    const raw = laiwuRaw();
    raw.tables = [extra];
    const doc = mustBuild(raw);
    const t = tables(doc.blocks).at(-1)!;
    expect(runsText(t.title)).toBe('2024年一般公共预算收入明细表');
    expect(t.header[0]![0]!.rowSpan).toBe(2);
    expect(t.header[0]![1]!.colSpan).toBe(2);
    expect(texts(t.body)).toEqual([['税收收入', '359213', '348061'], ['其中：增值税', '', '120000']]);
    expect(t.body[0]![1]!.runs[0]!.fig!.source).toEqual({ path: 'tables[0].rows[0][1]' });
    expect(t.body[1]![2]!.runs[0]!.fig!.source).toEqual({ path: 'tables[0].rows[1][2].value' });
    const xml = docxPart(await packReport(doc), 'word/document.xml');
    expect(xml).toContain('2024年一般公共预算收入明细表');
  });

  it('a ragged table is refused with its place and the fix', () => {
    const raw = laiwuRaw();
    raw.tables = [{ ...extra, rows: [['税收收入', 359213]] }];
    const r = buildFromRaw(raw);
    expect(r.doc).toBeNull();
    const issue = r.issues.find((i) => i.code === 'table-shape')!;
    expect(issue.message).toMatch(/表体有 2 列，与表头的 3 列不一致/);
    expect(issue.place).toMatchObject({ path: 'tables[0].rows' });
    expect(issue.place!.line).toBeGreaterThan(0);
  });

  it('overlapping spans are refused', () => {
    const raw = laiwuRaw();
    raw.tables = [{ ...extra, header: [['项目', { text: '金额', rowSpan: 2 }, '备注'], [{ text: 'x', colSpan: 2 }, 'y']] }];
    const issue = buildFromRaw(raw).issues.find((i) => i.code === 'table-shape')!;
    expect(issue.message).toMatch(/表头第 2 行第 2 列：合并的单元格相互重叠/);
    expect(issue.place).toMatchObject({ path: 'tables[0].header[1]' });
  });
});
