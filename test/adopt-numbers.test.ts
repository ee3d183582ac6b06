import { findNumbers } from '../src/adopt/numbers';
import { buildFigureIndex } from '../src/adopt/figure-index';
import { placeParagraph } from '../src/adopt/place-numbers';
import { numberedLevel } from '../src/adopt/docx-read';
import { NamedFigures } from '../src/compose/named-figures';
import { num } from '../src/compose/num';
import { StylePrinter } from '../src/compose/style-print';
import { houseStyle } from '../src/style/house-style';
import { parseTextRef, refText } from '../src/style/refs';
import { buildFromRaw, laiwuRaw } from './helpers';

// The pure parts of adopt: numbers in text, the reverse index, and which figure a number is by the
// words around it.

describe('numbers in a report’s text', () => {
  it('finds amounts, rates, changes with their word, years, dates and counts', () => {
    const t = findNumbers('2025年8月29日，全区收入1,254,300万元（47.04亿元），完成调整预算的100.08%，同比下降0.52%，较上年提高1.2个百分点，共14个项目，2024年。');
    expect(t.map((x) => [x.kind, x.printed])).toEqual([
      ['date', '2025年8月29日'],
      ['amount', '1,254,300万元'],
      ['amount', '47.04亿元'],
      ['rate', '100.08%'],
      ['growth', '下降0.52%'],
      ['pp', '提高1.2个百分点'],
      ['count', '14'],
      ['year', '2024'],
    ]);
  });
  it('does not take a list’s comma for a thousands separator', () => {
    expect(findNumbers('分别下达6947万元、330万元，398,833').map((x) => x.printed)).toEqual(['6947万元', '330万元', '398,833']);
    expect(findNumbers('分别为12,34万元').map((x) => x.printed)).toEqual(['12', '34万元']);
  });
  it('knows a heading by its number', () => {
    expect([numberedLevel('一、决算情况'), numberedLevel('（二）政府性基金'), numberedLevel('3.区本级'), numberedLevel('（4）其他'), numberedLevel('1.5亿元')]).toEqual([1, 2, 3, 4, null]);
  });
});

describe('references in text written in data', () => {
  it('reads and writes {{名称|印法}} and {{?原文}}', () => {
    expect(parseTextRef('全区一般公共预算收入|亿元2位保留0')).toEqual({ kind: 'figure', name: '全区一般公共预算收入', format: { unit: '亿元', digits: 2, keepZeros: true } });
    expect(parseTextRef('?12.63亿元')).toEqual({ kind: 'unplaced', text: '12.63亿元' });
    expect(parseTextRef('全区收入|两位')).toMatchObject({ error: expect.stringContaining('不是印法') });
    expect(refText('全区一般公共预算收入增长', { digits: 1 })).toBe('{{全区一般公共预算收入增长|1位}}');
  });
  it('prints a figure its own way where a reference says so, and refuses a 印法 it cannot read, at its place', () => {
    const raw = laiwuRaw();
    raw.style = { paragraphs: { '政府债务.之后': '收入{{全区一般公共预算收入|亿元1位}}，增长{{全区一般公共预算收入增长|1位}}，另有{{?3.5亿元}}。' } };
    // As adopt's own builds print it ({{?…}} as typed, listed as unsourced) …
    const r = buildFromRaw(raw, 'test.json', undefined, { audit: true, allowUnplaced: true });
    const text = r.doc!.blocks.map((b) => ('runs' in b ? b.runs.map((x) => x.text).join('') : '')).join('\n');
    expect(text).toContain('收入47亿元，增长增长0.2%，另有3.5亿元。');
    expect(r.audit!.unsourced).toEqual([expect.objectContaining({ text: '3.5亿元', style: expect.objectContaining({ path: 'style.paragraphs.政府债务.之后' }) })]);
    // … and an ordinary build refuses it at its place.
    const plain = buildFromRaw(raw, 'test.json');
    expect(plain.doc).toBeNull();
    expect(plain.issues.find((i) => i.code === 'style-unplaced-number')).toMatchObject({ severity: 'error', place: { path: 'style.paragraphs.政府债务.之后' }, actual: '{{?3.5亿元}}' });
    raw.style = { paragraphs: { '政府债务.之后': '收入{{全区一般公共预算收入|两位}}。' } };
    const bad = buildFromRaw(raw, 'test.json');
    expect(bad.doc).toBeNull();
    expect(bad.issues.find((i) => i.code === 'style-ref-format')).toMatchObject({ message: expect.stringContaining('“两位”不是印法'), place: { path: 'style.paragraphs.政府债务.之后' } });
  });
});

describe('which figure a number is', () => {
  const named = new NamedFigures();
  named.set('全区政府性基金预算收入', num(203081, 'fundBudget.district.income.current.amount'), 'amount');
  named.set('区级政府性基金预算收入', num(203081, 'fundBudget.level.income.current.amount'), 'amount');
  named.set('全区政府性基金预算支出', num(348056, 'fundBudget.district.expenditure.current.amount'), 'amount');
  named.set('全区一般公共预算收入完成率', num(0.2, 'a.rate'), 'rate');
  named.set('税收占比', num(0.2, 'b.share'), 'rate');
  named.set('全区一般公共预算收入增长', num(0.21, 'c.growth'), 'growth');
  named.set('年度', num(2024, 'meta.year'), 'year');
  const index = buildFigureIndex(named, new Map());
  const printer = new StylePrinter(houseStyle());
  const place = (text: string, heading = '') => placeParagraph(text, heading, index, [{ text: '莱芜区', name: '区名' }], printer);

  it('the same amount in 全区 and 区级: the scope said before it decides', () => {
    const p = place('2024年，区级政府性基金预算收入203081万元，全区政府性基金预算收入203081万元。');
    expect(p.text).toBe('{{年度}}年，区级政府性基金预算收入{{区级政府性基金预算收入}}，全区政府性基金预算收入{{全区政府性基金预算收入}}。');
    expect(p.numbers.every((n) => n.status === 'placed')).toBe(true);
  });
  it('the scope of the heading where the sentence says none', () => {
    expect(place('当年政府性基金预算收入203081万元。', '（二）区级政府性基金预算收支情况').text).toBe('当年政府性基金预算收入{{区级政府性基金预算收入}}。');
  });
  it('a 0.2% that is a share and a completion rate: 占 or 完成 decides; nothing said: listed as ambiguous with both', () => {
    expect(place('税收收入占一般公共预算收入的0.2%。').text).toBe('税收收入占一般公共预算收入的{{税收占比}}。');
    expect(place('一般公共预算收入完成预算的0.2%。').text).toBe('一般公共预算收入完成预算的{{全区一般公共预算收入完成率}}。');
    const doubt = place('其值为0.2%。');
    expect(doubt.numbers[0]).toMatchObject({ status: 'ambiguous', candidates: expect.arrayContaining(['税收占比', '全区一般公共预算收入完成率']) });
  });
  it('a change is a growth by its word, printed at the report’s places (a 印法 where the style’s differ)', () => {
    expect(place('同比增长0.2%。').text).toBe('同比{{全区一般公共预算收入增长|1位}}。');
    expect(place('同比增长0.21%。').text).toBe('同比{{全区一般公共预算收入增长}}。');
  });
  it('a count: the figure whose words are said, even in part; a figures-table count takes its unit word with it, and only where the text has it', () => {
    const counts = new NamedFigures();
    counts.set('新增债券项目个数', num(4, 'debt.bonds.newBonds.projectCount'), 'count');
    const table = new Map([['合同融资项目数', { name: '合同融资项目数', num: num(4, 'figures.合同融资项目数.value'), unit: '个', show: null, digits: null, word: false }]]);
    const idx = buildFigureIndex(counts, table);
    const at = (text: string) => placeParagraph(text, '', idx, [], printer);
    // 新增债券 said: that figure, though the name leaves 项目个数 unsaid (it lost to a name said not at all).
    const bonds = at('（全区新增债券共安排用于4个公益性资本项目）');
    expect(bonds.text).toBe('（全区新增债券共安排用于{{新增债券项目个数}}个公益性资本项目）');
    // The table's count prints 4个: its reference stands for the unit word too, never 4个个.
    const tableOnly = buildFigureIndex(new NamedFigures(), table);
    expect(placeParagraph('为4个政府采购项目办理合同融资。', '', tableOnly, [], printer).text).toBe('为{{合同融资项目数}}政府采购项目办理合同融资。');
    // Without its unit word after it, the table's count is not a candidate; nor where the unit word
    // begins the data's words (个功能区 by name), which its reference would print a second time.
    expect(at('办理合同融资4项。').numbers[0]).toMatchObject({ name: '新增债券项目个数', candidates: [] });
    expect(placeParagraph('共安排4个功能区项目建设。', '', tableOnly, [{ text: '个功能区', name: '区级口径说明' }], printer).text).toBe('共安排{{?4}}{{区级口径说明}}项目建设。');
  });
  it('an amount in 亿元 at the report’s precision; the data’s words by name; a number no figure is stays as typed', () => {
    expect(place('莱芜区政府性基金预算支出34.81亿元，另有9.9亿元。').text).toBe('{{区名}}政府性基金预算支出{{全区政府性基金预算支出|亿元2位}}，另有{{?9.9亿元}}。');
  });
});
