import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as CFB from 'cfb';
import { main } from '../src/cli';
import { docUnits, docxUnits } from '../src/adopt/units';
import { readDocx } from '../src/adopt/docx-read';
import { buildFigureIndex } from '../src/adopt/figure-index';
import { composeFinalAccounts } from '../src/compose/final-accounts';
import { parseJson } from '../src/load/json';
import { validateFinalAccounts } from '../src/validate';
import { DATA, buildFromRaw } from './helpers';
import { adoptRaw, buildWithStyle, rawOf } from './adopt-helpers';
import { handwrittenDocx, type HandParagraph } from './fixtures/handwritten';
import { capture, PREVIOUS, tmp } from './validate-helpers';

// A report written by hand in Word: the Laiwu report's content typed as a writer would (headings by
// font and Word's own numbering, run-in items with a bold lead, indents typed as spaces), with some
// sentences in the writer's own words and one number no figure of the data is. The text here is
// this test's own variant, not the seed report's.

/** The unmatched number: checked below to be no figure's print. */
const STRAY = '12.63亿元';

const REWORDED: [RegExp, string][] = [
  [/^受区政府委托，我向区人大常委会报告/, '受区人民政府委托，现向区人大常委会报告'],
  [/，请予审议。$/, '，请各位审议。'],
  [/^（五）政府债务情况$/, '（五）政府债务管理情况'],
];

/** Whole paragraphs written anew (the first words say which). */
const REWRITTEN: Record<string, string> = {
  '2024年，全区债务付息支出': '2024年全区共支付债务利息55721万元，一般债券付息16220万元，专项债券付息39501万元。',
  '2024年全区一般公共预算支出完成': '2024年，全区一般公共预算支出75.71亿元，比上年下降0.5%，主要特点如下：',
  '2024年，区级国有资本经营预算总收入':
    '2024年，区级国有资本经营预算收入合计2311万元，包括上级补助收入483万元和上年结转收入1828万元；区级国有资本经营预算支出合计2311万元，包括本级支出301万元、补助下级支出121万元和结转下年支出1889万元。',
};

/** Added after the debt repayment paragraph: a number the data does not have. */
const ADDED = `据测算，2025年全区到期需偿还的政府债务本金约${STRAY}，偿债压力依然较大。`;

function variant(): HandParagraph[] {
  const doc = buildFromRaw(rawOf('laiwu-2024'), 'laiwu-2024.json', undefined, { probe: true }).doc!;
  const out: HandParagraph[] = [];
  for (const u of docUnits(doc)) {
    let text = u.text;
    // Only the opening's last clause: the closing 以上报告，请予审议。 stays.
    if (u.place === '开头语') for (const [re, to] of REWORDED.slice(0, 2)) text = text.replace(re, to);
    else for (const [re, to] of REWORDED.slice(2)) text = text.replace(re, to);
    const key = Object.keys(REWRITTEN).find((k) => text.startsWith(k));
    if (key) text = REWRITTEN[key]!;
    const runIn = u.level === 2 && /。./.test(text);
    out.push({ text, ...(u.level && !runIn ? { level: u.level } : {}), ...(runIn ? { runIn } : {}), ...(/^(关于|——|莱芜区财政局)/.test(text) ? { center: true } : {}) });
    if (text.startsWith('2024年，全区债务还本支出')) out.push({ text: ADDED });
  }
  return out;
}

describe('a report written by hand, in part in the writer’s own words, with one number no figure is', () => {
  let docx: Uint8Array;
  let paragraphs: HandParagraph[];
  beforeAll(async () => {
    paragraphs = variant();
    docx = await handwrittenDocx(paragraphs);
  });

  it('is read as the writer typed it: Word’s 一、 numbering, headings by font, run-in items, no leading spaces', () => {
    const units = docxUnits(readDocx(docx, 'hand.docx'));
    expect(units.map((u) => u.text)).toEqual(paragraphs.map((p) => p.text));
    expect(units.filter((u) => u.level === 1).map((u) => u.text)).toEqual(['一、2024年决算情况', '二、2024年财政运行特点', '三、2025年上半年预算执行情况', '四、2025年上半年主要工作', '五、下半年工作打算']);
    const read = readDocx(docx, 'hand.docx').paragraphs;
    expect(read.filter((p) => p.runIn).map((p) => p.runIn!.lead)).toContain('（一）财政收支平稳运行。');
  });

  it('has a stray number no figure of the data prints', () => {
    const loaded = parseJson(JSON.stringify(rawOf('laiwu-2024')), 'x.json');
    const ds = validateFinalAccounts(loaded.value, loaded.sourceMap).dataset!;
    expect(buildFigureIndex(composeFinalAccounts(ds).named, ds.figures).get(STRAY)).toBeUndefined();
  });

  it('places every other number, lists the stray one with its paragraph, sentence and the words around it, and builds the report’s text again', () => {
    const r = adoptRaw(docx, rawOf('laiwu-2024'), 'laiwu-2024.json', 'hand.docx');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const s = r.summary;
    expect(s.unplaced).toEqual([
      {
        paragraph: paragraphs.findIndex((p) => p.text === ADDED) + 1,
        sentence: ADDED,
        text: STRAY,
        before: '期需偿还的政府债务本金约',
        after: '，偿债压力依然较大。',
      },
    ]);
    expect(s.numbers.unplaced).toBe(1);
    expect(s.numbers.placed + s.numbers.ambiguous).toBe(s.numbers.found - 1);
    expect(s.differences).toEqual([]);
    // The reworded paragraphs became text written in data, their numbers named (the right scope, side and measure).
    const p = r.style.paragraphs!;
    expect(p['政府债务.付息']).toBe('{{年度}}年全区共支付债务利息{{债务付息支出}}，一般债券付息{{一般债务付息支出}}，专项债券付息{{专项债务付息支出}}。');
    expect(p['财政运行特点.支出']).toBe('{{年度}}年，全区一般公共预算支出{{全区一般公共预算支出}}，比上年{{全区一般公共预算支出增长|1位}}，主要特点如下：');
    expect(p['国有资本经营预算.区级']).toBe(
      '{{年度}}年，区级国有资本经营预算收入合计{{区级国有资本经营预算总收入}}，包括上级补助收入{{区级国有资本经营预算上级补助收入}}和上年结转收入{{区级国有资本经营预算上年结转收入}}；区级国有资本经营预算支出合计{{区级国有资本经营预算总支出}}，包括本级支出{{区级国有资本经营预算支出}}、补助下级支出{{区级国有资本经营预算补助下级支出}}和结转下年支出{{区级国有资本经营预算结转下年支出}}。',
    );
    expect(p['政府债务.还本.之后']).toEqual([`据测算，{{次年}}年全区到期需偿还的政府债务本金约{{?${STRAY}}}，偿债压力依然较大。`]);
    expect(r.style.opening).toBe('受区人民政府委托，现向区人大常委会报告{{年度}}年决算和{{次年}}年上半年预算执行情况，请各位审议。');
    expect(r.style.headings).toEqual({ 政府债务: '政府债务管理情况' });
    // Built with the style as adopt checks it: the report's text, the stray number the only one --audit lists as unsourced.
    const built = buildWithStyle(rawOf('laiwu-2024'), r.style, 'laiwu-2024.json', true);
    expect(docUnits(built.doc!).map((u) => u.text)).toEqual(paragraphs.map((q) => q.text));
    expect(built.audit!.unsourced).toHaveLength(1);
    expect(built.audit!.unsourced[0]).toMatchObject({ text: STRAY, style: { path: 'style.paragraphs.政府债务.还本.之后[0]' } });
    // An ordinary build refuses the stray number at its place: it would print last year's figure.
    const raw = rawOf('laiwu-2024');
    const refused = buildFromRaw({ ...raw, style: r.style }, 'laiwu-2024.json');
    expect(refused.doc).toBeNull();
    expect(refused.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.place?.path])).toEqual([['style-unplaced-number', 'style.paragraphs.政府债务.还本.之后[0]']]);
    // Next year's figures go into the writer's own words, once the stray number is named or gone.
    const named = { ...r.style, paragraphs: { ...r.style.paragraphs, '政府债务.还本.之后': ['据测算，{{次年}}年全区到期需偿还的政府债务本金较多，偿债压力依然较大。'] } };
    raw.debt.interest = { total: 60000, general: 18000, special: 42000 };
    raw.generalBudget.district.expenditure.current.growth = 1.26;
    const next = docUnits(buildWithStyle(raw, named, 'laiwu-2024.json').doc!).map((u) => u.text);
    expect(next).toContain('2024年全区共支付债务利息60000万元，一般债券付息18000万元，专项债券付息42000万元。');
    expect(next).toContain('2024年，全区一般公共预算支出75.71亿元，比上年增长1.3%，主要特点如下：');
  });
});

describe('bad input: a clear Chinese message, exit 1, nothing written', () => {
  async function run(docx: Uint8Array, data: string, name = 'r.docx') {
    const dir = tmp();
    const file = join(dir, name);
    writeFileSync(file, docx);
    const out = join(dir, 'out');
    const c = capture();
    const code = await main(['adopt', file, '--data', data, '--out', out], c.out);
    return { code, said: c.lines.join('\n'), written: existsSync(out) ? readdirSync(out) : [] };
  }
  const laiwu = join(DATA, 'laiwu-2024.json');
  let report: Uint8Array;
  beforeAll(async () => {
    report = await handwrittenDocx(variant());
  });

  it('a DOCX that is not a report', async () => {
    const r = await run(await handwrittenDocx([{ text: '关于召开年度工作会议的通知', center: true }, { text: '定于下周一上午九时在三楼会议室召开年度工作会议，请各科室负责人准时参加。' }]), laiwu);
    expect(r).toMatchObject({ code: 1, written: [] });
    expect(r.said).toContain('这份文档不像决算报告');
    expect(r.said).toContain('未写出任何文件');
  });

  it('a corrupted file', async () => {
    const r = await run(report.subarray(0, Math.floor(report.length / 2)), laiwu);
    expect(r).toMatchObject({ code: 1, written: [] });
    expect(r.said).toContain('文件已损坏');
  });

  it('data of another district', async () => {
    const r = await run(report, join(DATA, 'lanxi-2024.json'));
    expect(r).toMatchObject({ code: 1, written: [] });
    expect(r.said).toContain('报告中没有出现数据中的区名“澜溪区”');
  });

  it('data of another year: most numbers do not match', async () => {
    const r = await run(report, PREVIOUS);
    expect(r).toMatchObject({ code: 1, written: [] });
    expect(r.said).toMatch(/不是同一年|只有 \d+ 个能与数据中的数字对上/);
  });

  it('a .doc file (Word 97-2003)', async () => {
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(cfb, 'WordDocument', Buffer.from('not really'));
    const r = await run(new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer), laiwu, '去年的报告.doc');
    expect(r).toMatchObject({ code: 1, written: [] });
    expect(r.said).toContain('这是旧版 Word 文档（.doc');
    expect(r.said).toContain('另存为”Word 文档（*.docx）');
  });

  it('a workbook given as the report', async () => {
    const r = await run(new Uint8Array(require('node:fs').readFileSync(join(DATA, 'laiwu-2024.xlsx'))), laiwu);
    expect(r).toMatchObject({ code: 1, written: [] });
    expect(r.said).toContain('这是 Excel 工作簿，不是 Word 文档');
  });
});
