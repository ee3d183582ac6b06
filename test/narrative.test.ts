import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { blockText, runsText, type Block, type ReportDoc, type Run } from '../src/model/doc';
import { buildFromRaw, DATA, docText, mustBuild, ROOT, squash } from './helpers';

// The narrative reports (performance-management reports, the work plan) against the seeds they
// reproduce: the same sections and items in the same order, every figure printed as the seed prints it.

interface Expected {
  data: string;
  title: string;
  outline: string[];
  figures: string[];
}

const FIXTURES = join(ROOT, 'test', 'fixtures', 'narrative');
const expectations: Expected[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')));

export const dataRaw = (name: string): any => JSON.parse(readFileSync(join(DATA, name), 'utf8'));

const ENUM = /(?:^|[。；：！？])([一二三四五六七八九十]+)是/g;

function blockRuns(b: Block): Run[] {
  switch (b.type) {
    case 'heading':
      return [...b.runs, ...(b.body ?? [])];
    case 'meeting':
    case 'attachmentNote':
    case 'attachment':
    case 'pageBreak':
      return [];
    case 'table':
      return [...b.title, ...[...b.header, ...b.body].flat().flatMap((c) => c.runs)];
    default:
      return b.runs;
  }
}

/** One line per block: a heading's number (+ when text runs in), ¶ for a paragraph, then its 一是、二是…. */
export function outline(blocks: Block[]): string[] {
  return blocks
    .filter((b) => b.type !== 'title')
    .map((b) => {
      const text = runsText(blockRuns(b));
      const head = b.type === 'heading' ? `${b.number}${b.body ? '+' : ''}` : b.type === 'paragraph' ? '¶' : b.type;
      const enums = [...text.matchAll(ENUM)].map((m) => `${m[1]}是`);
      return [head, ...enums].join(' ');
    });
}

/**
 * Printed figures from the figures table: not ordinals (一是, marked 序号 for the numbers audit) and
 * not data text that carries digits (a month in a sentence, traced to its text field).
 */
const figRuns = (doc: ReportDoc) =>
  doc.blocks
    .flatMap(blockRuns)
    .filter((r) => r.fig && !('derivation' in r.fig.source && r.fig.source.derivation === '序号') && !('path' in r.fig.source && /(^|\.)(text|lead|heading|title)$|\]$/.test(r.fig.source.path) && !r.fig.source.path.startsWith('figures.')));

// Digits the prose may carry as text: months and days, document numbers, names in quotes and titles.
const TEXT_DIGITS = [/[0-9]{1,2}(?:-[0-9]{1,2})?月(?:[0-9]{1,2}日)?/g, /〔[0-9]{4}〕[0-9]+号/g, /“[^”]*”/g, /《[^》]*》/g];

describe.each(expectations)('$data against its seed', (exp) => {
  const result = buildFromRaw(dataRaw(exp.data), exp.data);
  const doc = result.doc!;

  it('builds without errors or warnings', () => {
    expect(result.issues).toEqual([]);
    expect(doc).not.toBeNull();
  });

  it('has the seed title', () => {
    expect(doc.blocks[0]!.type).toBe('title');
    expect(blockText(doc.blocks[0]!)).toBe(exp.title);
  });

  it('has the seed structure: the same sections and items in the same order', () => {
    expect(outline(doc.blocks)).toEqual(exp.outline);
  });

  it('prints every figure of the seed as the seed prints it, and no other', () => {
    const printed = new Set(figRuns(doc).map((r) => r.text));
    expect([...printed].sort()).toEqual([...new Set(exp.figures)].sort());
  });

  it('has no number in its text that is not a figure from the data', () => {
    const text = doc.blocks
      .flatMap(blockRuns)
      .filter((r) => !r.fig)
      .map((r) => r.text)
      .join('\n');
    const rest = TEXT_DIGITS.reduce((s, re) => s.replace(re, ''), text);
    expect(rest.match(/[0-9].{0,12}/g)).toBeNull();
    for (const r of figRuns(doc)) expect(r.fig!.source).toBeDefined();
  });
});

describe('figures computed and checked inside prose', () => {
  it('computes a rate from its bases: 6162.87 ÷ 8073 → 76.34%', () => {
    const doc = mustBuild(dataRaw('laiwu-2024-performance.json'));
    const run = figRuns(doc).find((r) => r.text === '76.34%')!;
    expect(run.fig!.source).toEqual({
      derivation: '数据表.特困人员资金执行率',
      inputs: [{ path: 'figures.特困人员资金支付.value' }, { path: 'figures.特困人员资金预算.value' }],
    });
  });

  it('refuses parts that do not add up to their whole (56 + 6 ≠ 63)', () => {
    const raw = dataRaw('laiwu-2024-performance.json');
    raw.figures['整体自评部门数'].value = 63;
    const r = buildFromRaw(raw, 'laiwu-2024-performance.json');
    expect(r.doc).toBeNull();
    const issue = r.issues.find((i) => i.code === 'figure-sum')!;
    expect(issue.message).toBe('数据表中的“整体自评部门数”应为“自评为优部门数”56个 加 “自评为良部门数”6个之和 = 62个，实为 63个（按所填的 0 位小数核对）：请核对“整体自评部门数”的数值和各组成部分。');
    expect(issue.place).toMatchObject({ path: 'figures.整体自评部门数.value' });
    expect(issue.place!.line).toBeGreaterThan(1);
  });

  it('warns where a heading or lead starts with a number the report puts there itself (二、二、)', () => {
    const raw = dataRaw('laiwu-2024-performance.json');
    raw.sections[1].heading = `二、${raw.sections[1].heading}`;
    raw.sections[0].sections[3].items[0].points[0].lead = `2.${raw.sections[0].sections[3].items[0].points[0].lead}`;
    const r = buildFromRaw(raw, 'laiwu-2024-performance.json');
    const found = r.issues.filter((i) => i.code === 'prose-typed-ordinal');
    expect(found.map((i) => [i.place?.path, i.actual])).toEqual([
      ['sections[0].sections[3].items[0].points[0].lead', '2.'],
      ['sections[1].heading', '二、'],
    ]);
    // Told as an ordinal, not as a number typed into the text.
    expect(r.issues.filter((i) => i.code === 'prose-literal-number')).toEqual([]);
  });

  it('places a name its computation misspells at the computation, not at the unit', () => {
    const raw = dataRaw('laiwu-2024-performance.json');
    raw.figures['整体自评部门数'].sum = ['自评为优部门数', '自评为良部'];
    const issue = buildFromRaw(raw, 'laiwu-2024-performance.json').issues.find((i) => i.code === 'figure-invalid')!;
    expect(issue.place).toMatchObject({ path: 'figures.整体自评部门数.sum' });
    expect(issue.message).toContain('引用了本表中没有的名称“自评为良部”');
  });

  it('refuses a stated rate its bases do not give, at the stated precision', () => {
    const raw = dataRaw('licheng-2023-performance.json');
    raw.figures['监控资金执行率'].value = 31.5; // 294875 ÷ 936947 = 31.4716…% → 31.5 at one decimal: agrees
    expect(buildFromRaw(raw, 'x.json').doc).not.toBeNull();
    raw.figures['监控资金执行率'].value = 31.46;
    const r = buildFromRaw(raw, 'x.json');
    expect(r.doc).toBeNull();
    expect(r.issues[0]).toMatchObject({ code: 'figure-ratio', expected: '31.47', actual: '31.46' });
    expect(r.issues[0]!.message).toContain('“监控资金已支出”294875万元 ÷ “监控资金规模”936947万元 = 31.47%，实为 31.46%');
  });

  it('refuses a sum of figures of different kinds', () => {
    const raw = dataRaw('laiwu-2024-performance.json');
    raw.figures['自评为良部门数'].unit = '万元';
    const r = buildFromRaw(raw, 'x.json');
    expect(r.issues.map((i) => i.code)).toContain('figure-units');
  });

  it('names the item whose text refers to a figure that does not exist', () => {
    const raw = dataRaw('laiwu-2024-performance.json');
    raw.sections[0].sections[3].items[0].points[1].text += '另有{{不存在的数据}}。';
    const r = buildFromRaw(raw, 'laiwu-2024-performance.json');
    expect(r.doc).toBeNull();
    const issue = r.issues.find((i) => i.code === 'prose-unknown-figure')!;
    expect(issue.message).toBe(
      '“一、2024年度工作开展情况” › “（四）用好“紧箍咒”，绩效评价迈出新步伐” › 第1项第2点的正文引用的数据“{{不存在的数据}}”在数据表（figures）中不存在：请在数据表中添加它，或改正名称。',
    );
    expect(issue.place).toMatchObject({ file: 'laiwu-2024-performance.json', path: 'sections[0].sections[3].items[0].points[1].text' });
    expect(issue.place!.line).toBeGreaterThan(1);
  });

  it('warns about a number typed into prose instead of taken from the figures table', () => {
    const raw = dataRaw('laiwu-2020-performance.json');
    raw.sections[1].text = '全年举办培训班5期，培训1200人次，1-7月完成计划。';
    const r = buildFromRaw(raw, 'x.json');
    expect(r.doc).not.toBeNull();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'prose-literal-number', severity: 'warning', actual: '5 1200', place: { path: 'sections[1].text' } });
    expect(r.issues[0]!.message).toContain('“二、加强学习培训，保障工作开展”的正文中直接写了数字“5”“1200”');
  });
});

describe('a district whose report is organised differently builds from its data alone', () => {
  const raw = {
    kind: 'performance',
    meta: { district: '青山区', year: 2024, title: '青山区{{年度}}财政绩效管理情况汇报', author: '青山区财政局' },
    text: '现将有关情况汇报如下。',
    sections: [
      { heading: '基本情况', text: ['全年共评价项目{{评价项目数}}。', '评价覆盖全部一级预算单位。'] },
      {
        heading: '主要做法',
        sections: [
          { heading: '抓制度', runIn: true, text: '出台办法，明确职责。' },
          {
            heading: '抓评价',
            sections: [
              {
                heading: '事前评估',
                list: 'numbered',
                items: [{ lead: '评估范围', text: '覆盖新增项目。' }, {}, { lead: '评估结果', text: '作为预算安排依据。' }],
              },
              { heading: '事后评价', runIn: true, list: 'enumerated', items: [{ lead: '扩面', text: '范围扩大。' }, { lead: '提质', text: '质量提高。' }] },
            ],
          },
        ],
      },
      { heading: '下步打算', items: [] },
      { heading: '意见建议', list: 'enumerated', items: [{ text: '加强协同。' }, {}, { text: '强化应用。' }] },
    ],
    closing: '特此汇报。',
    figures: {
      年度: { from: 'meta.year', unit: '年' },
      评价项目数: { value: 31, unit: '个' },
    },
  };
  const r = buildFromRaw(raw, 'qingshan.json');
  const doc = r.doc!;

  it('builds, warning about the empty section and items it leaves out', () => {
    expect(doc).not.toBeNull();
    expect(r.issues.map((i) => [i.code, i.place?.path])).toEqual([
      ['narrative-empty-item', 'sections[1].sections[1].sections[0].items[1]'],
      ['narrative-empty-section', 'sections[2]'],
      ['narrative-empty-item', 'sections[3].items[1]'],
    ]);
  });

  it('numbers headings by level, one level deeper than the examples, consecutive where a section is left out', () => {
    const headings = doc.blocks.filter((b) => b.type === 'heading').map(blockText);
    expect(headings).toEqual([
      '一、基本情况',
      '二、主要做法',
      '（一）抓制度。出台办法，明确职责。',
      '（二）抓评价',
      '1.事前评估',
      '（1）评估范围。覆盖新增项目。',
      '（2）评估结果。作为预算安排依据。',
      '2.事后评价。一是扩面。范围扩大。',
      '三、意见建议',
    ]);
    expect(docText(doc)).not.toContain('下步打算');
  });

  it('gives an item holding only sub-items no 二是 and no 1、 of its own: the numbers run on', () => {
    const data = JSON.parse(JSON.stringify(raw));
    data.sections[3].items.splice(1, 0, { items: [{ text: '子项甲。' }, { text: '子项乙。' }] });
    data.sections[1].sections[1].sections[0].items.splice(1, 0, { items: [{ text: '子项丙。' }] });
    const d = buildFromRaw(data, 'qingshan.json').doc!;
    const t = squash(docText(d));
    expect(t).toContain('一是加强协同。子项甲。子项乙。二是强化应用。');
    const headings = d.blocks.filter((b) => b.type === 'heading').map(blockText);
    expect(headings).toContain('（2）评估结果。作为预算安排依据。');
    expect(headings.filter((h) => /^（\d）$/.test(h))).toEqual([]);
    expect(t).toContain('覆盖新增项目。子项丙。');
  });

  it('keeps 一是、二是 consecutive where an item is left out, and prints every paragraph', () => {
    expect(outline(doc.blocks)).toEqual([
      '¶',
      '一、',
      '¶',
      '¶',
      '二、',
      '（一）+',
      '（二）',
      '1.',
      '（1）+',
      '（2）+',
      '2.+ 一是',
      '¶ 二是',
      '三、',
      '¶ 一是',
      '¶ 二是',
      '¶',
      'signature',
    ]);
    expect(docText(doc)).toContain('全年共评价项目31个。');
  });

  it('refuses a fifth heading level, naming the section', () => {
    const deep = JSON.parse(JSON.stringify(raw));
    deep.sections[1].sections[1].sections[0].list = 'paragraphs';
    deep.sections[1].sections[1].sections[0].sections = [{ heading: '细项', sections: [{ heading: '再细项', text: '内容。' }] }];
    const res = buildFromRaw(deep, 'qingshan.json');
    expect(res.doc).toBeNull();
    const issue = res.issues.find((i) => i.code === 'narrative-too-deep')!;
    expect(issue.place?.path).toBe('sections[1].sections[1].sections[0].sections[0].sections[0].heading');
    expect(issue.message).toContain('部分“再细项”是第 5 级标题');
  });
});

describe('performance-report numbering and headings, as the data chooses', () => {
  const raw = (): any => ({
    kind: 'performance',
    meta: { district: '青山区', year: 2024, title: '青山区绩效工作情况', author: '青山区财政局' },
    sections: [
      {
        heading: '主要工作',
        sections: [
          { heading: '预算绩效评价工作。', list: 'numbered', items: [{ lead: '评估范围', text: '覆盖新增项目。' }] },
          { heading: '绩效监控工作', runIn: true, list: 'numbered', items: [{ lead: '监控范围', text: '覆盖全部项目。' }] },
          { heading: '结果应用', runIn: true, text: '评价结果与预算挂钩。' },
        ],
      },
    ],
  });
  const headings = (r: ReturnType<typeof buildFromRaw>) => r.doc!.blocks.filter((b) => b.type === 'heading').map(blockText);

  it('numbers level-3 items "1." by default and "1、" where meta.numbering says so', () => {
    expect(headings(buildFromRaw(raw(), 'q.json'))).toContain('1.评估范围。覆盖新增项目。');
    const comma = raw();
    comma.meta.numbering = '1、';
    expect(headings(buildFromRaw(comma, 'q.json'))).toContain('1、评估范围。覆盖新增项目。');
    const plan = JSON.parse(readFileSync(join(DATA, 'hecheng-2025-work-plan.json'), 'utf8'));
    plan.meta.numbering = '1.';
    expect(headings(buildFromRaw(plan, 'h.json')).some((h) => /^1\./.test(h))).toBe(true);
  });

  it('keeps the punctuation the data writes after a heading that stands on its own line', () => {
    expect(headings(buildFromRaw(raw(), 'q.json'))).toContain('（一）预算绩效评价工作。');
  });

  it('warns where a runIn cannot be honoured, and sets that heading on its own line', () => {
    const r = buildFromRaw(raw(), 'q.json');
    expect(r.issues.map((i) => [i.code, i.severity, i.place?.path])).toEqual([['narrative-runin-ignored', 'warning', 'sections[0].sections[1].runIn']]);
    expect(r.issues[0]!.message).toContain('（二）绩效监控工作');
    expect(headings(r)).toContain('（二）绩效监控工作');
    expect(headings(r)).toContain('（三）结果应用。评价结果与预算挂钩。');
  });

  it('prints the 落款 of a standalone report (author, and date where given), not of one attached', () => {
    const dated = raw();
    dated.meta.date = '2025-03-10';
    const blocks = buildFromRaw(dated, 'q.json').doc!.blocks;
    expect(blocks.slice(-2).map((b) => [b.type, blockText(b)])).toEqual([
      ['signature', '青山区财政局'],
      ['date', '2025年3月10日'],
    ]);
    expect(buildFromRaw(raw(), 'q.json').doc!.blocks.slice(-1).map((b) => b.type)).toEqual(['signature']);
    const laiwu = mustBuild(JSON.parse(readFileSync(join(DATA, 'laiwu-2024.json'), 'utf8')));
    const attachment = laiwu.blocks.slice(laiwu.blocks.findIndex((b) => b.type === 'attachment' && b.label === '附件2'));
    expect(attachment.some((b) => b.type === 'signature')).toBe(false);
  });
});
