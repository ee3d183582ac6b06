import { blockText } from '../src/model/doc';
import { buildFromRaw, docText, laiwuRaw, mustBuild, squash } from './helpers';

const text = (raw: unknown) => squash(docText(mustBuild(raw)));

function zeroScope(scope: any): void {
  for (const side of [scope.income, scope.expenditure]) {
    side.total = 0;
    if (side.current) side.current = { amount: 0 };
    side.lines = side.lines.map((l: any) => ({ ...l, amount: 0 }));
  }
}

describe('composer wording on figures the seed does not have', () => {

  it('warns where a list entry\'s lead starts with a number the report puts there itself', async () => {
    const raw = laiwuRaw();
    raw.plans[0].lead = `（一）${raw.plans[0].lead}`;
    const found = buildFromRaw(raw).issues.filter((i) => i.code === 'prose-typed-ordinal');
    expect(found.map((i) => i.place?.path)).toEqual(['plans[0].lead']);
  });

  it('leaves out list entries with nothing to print: 一是、二是… and the headings\' numbers run on', () => {
    const raw = laiwuRaw();
    raw.analysis.problems.splice(1, 0, {});
    raw.plans[0].points.splice(1, 0, {});
    raw.firstHalf.highlights.splice(1, 0, {});
    raw.plans.push({ text: '其他工作按年初部署推进。' });
    const t = squash(docText(mustBuild(raw)));
    expect(t).not.toMatch(/是[一二三四五六七八九]是/);
    expect(t).toContain('二是收入增速趋缓');
    expect(t).toContain('一是加强税收征管。与税务部门');
    expect(t).toContain('二是抓好街镇收入组织。');
    expect(t).not.toMatch(/（[一二三四五六七八九十]+）。/);
    // An item without a lead: its number, then its text.
    expect(t).toMatch(/（[一二三四五六七八九十]+）其他工作按年初部署推进。/);
  });
  it('words a negative growth as 下降 with the sign dropped, at each precision', () => {
    const raw = laiwuRaw();
    raw.generalBudget.district.income.current.growth = -3.456;
    const t = text(raw);
    expect(t).toContain('当年一般公共预算收入470383万元，完成调整预算的100.08%，同比下降3.46%；');
    expect(t).toContain('全区一般公共预算收入完成47.04亿元，下降3.5%，');
  });

  it('words growth that rounds to zero as 持平', () => {
    const raw = laiwuRaw();
    raw.generalBudget.district.income.current.growth = 0.004;
    const t = text(raw);
    expect(t).toContain('完成调整预算的100.08%，同比持平；');
    expect(t).toContain('全区一般公共预算收入完成47.04亿元，持平，');
  });

  it('says 无…收入 / 无…收支 for zeros instead of printing 0 万元', () => {
    const raw = laiwuRaw();
    zeroScope(raw.stateCapitalBudget.level);
    raw.stateCapitalBudget.district.income.total = 0;
    raw.stateCapitalBudget.district.income.lines = [];
    raw.stateCapitalBudget.district.expenditure = { total: 422, current: { amount: 422 }, lines: [] };
    // Income 0 against spending 422 breaks the balance: the wording is checked on the draft.
    const r = buildFromRaw(raw, 'test.json', undefined, { draft: true });
    expect(r.issues.map((i) => i.code)).toEqual(['budget-balance']);
    const t = squash(docText(r.doc!));
    expect(t).toContain('2024年，全区无国有资本经营预算收入。全区国有资本经营预算总支出422万元，其中：当年国有资本经营预算支出422万元。');
    expect(t).toContain('2024年，区级无国有资本经营预算收支。');
    expect(t).not.toMatch(/[^\d.]0万元/);
  });

  it('leaves a zero component out of the 其中 list', () => {
    const raw = laiwuRaw();
    raw.generalBudget.district.income.lines[0].amount = 0;
    raw.generalBudget.district.income.lines[1].amount += 80852;
    const t = text(raw);
    expect(t).toContain('同比增长0.21%；返还性收入');
    expect(t).not.toContain('地方政府一般债券转贷收入0万元');
  });

  it('says 区级 equals 全区 in one sentence when the figures are the same, and prints both when not', () => {
    const raw = laiwuRaw();
    raw.fundBudget.level = JSON.parse(JSON.stringify(raw.fundBudget.district));
    raw.socialInsuranceBudget.level.income.amount = 130000;
    raw.socialInsuranceBudget.level.income.completionRate = 97.85;
    raw.socialInsuranceBudget.level.net = 12537;
    const t = text(raw);
    expect(t).toContain('区级政府性基金收支情况与全区收支情况一致。');
    expect(t).not.toContain('区级政府性基金总收入');
    expect(t).toContain('2024年，区级社会保险基金收入130000万元，完成预算的97.85%，同比增长11.13%。');
    expect(t).toContain('年末，区级社会保险基金收支净结余12537万元');
    // Only the first-half paragraph, whose scopes are still equal, keeps the one-sentence form.
    expect(t.split('区级社会保险基金收支情况与全区收支情况一致').length - 1).toBe(1);
  });

  it('computes rates from their bases when the rate is not given', () => {
    const raw = laiwuRaw();
    const cur = raw.generalBudget.district.income.current;
    delete cur.completionRate;
    delete cur.growth;
    cur.adjustedBudget = 470006;
    cur.lastYear = 469398;
    expect(text(raw)).toContain('当年一般公共预算收入470383万元，完成调整预算的100.08%，同比增长0.21%；');
  });

  it('restates section 二 figures from the dataset, not from the template', () => {
    const raw = laiwuRaw();
    raw.generalBudget.district.income.current.amount = 480383;
    raw.generalBudget.district.income.total += 10000;
    raw.generalBudget.district.expenditure.total += 10000;
    raw.generalBudget.district.expenditure.lines[2].amount += 10000;
    // The share stated in the figures table is checked against the new base: it must follow.
    raw.figures['主体税种占比'].value = 42.3;
    const t = text(raw);
    expect(t).toContain('全区一般公共预算收入完成48.04亿元');
    expect(t).toContain('税收占比为72.4%'); // 347960 ÷ 480383
  });

  it('keeps heading numbers consecutive when a part is absent', () => {
    const raw = laiwuRaw();
    raw.firstHalf.highlights = [];
    raw.analysis.problems = [];
    const doc = mustBuild(raw);
    // The main report's headings: the attached performance report (附件2) numbers its own.
    const main = doc.blocks.slice(0, doc.blocks.findIndex((b) => b.type === 'attachment'));
    const headings = main.filter((b) => b.type === 'heading' && b.level === 1).map(blockText);
    expect(headings).toEqual(['一、2024年决算情况', '二、2024年财政运行特点', '三、2025年上半年预算执行情况', '四、下半年工作打算']);
    const analysis = main.filter((b) => b.type === 'heading' && b.level === 2).map(blockText);
    expect(analysis).toContain('（二）政府性基金预算收支分析');
    expect(analysis.join()).not.toContain('当前存在的主要问题');
  });

  it('prints data text exactly as typed, markup characters and all', () => {
    const raw = laiwuRaw();
    const typed = '**不加粗** # 非标题 | 竖线 | <b>标签</b> &amp; 1. 非列表 [非链接](x) `反引号` \\反斜杠 _下划线_ {.runin}';
    raw.plans[0].points[0].text = typed;
    raw.meta.speaker.name = '王*书*连';
    const t = docText(mustBuild(raw));
    expect(t).toContain(typed);
    expect(t).toContain('王*书*连');
  });

  it('treats a lead typed with its own full stop like one without', () => {
    const raw = laiwuRaw();
    raw.plans[0].lead = raw.plans[0].lead + '。';
    expect(docText(mustBuild(raw))).not.toContain('。。');
  });

  it('reports a prose reference to a figure that does not exist, naming the item', () => {
    const raw = laiwuRaw();
    raw.firstHalf.problems[0].text = '减收{{不存在的数据}}。';
    const r = buildFromRaw(raw);
    expect(r.doc).toBeNull();
    const issue = r.issues.find((i) => i.code === 'prose-unknown-figure')!;
    expect(issue.place?.path).toBe('firstHalf.problems[0].text');
    expect(issue.message).toContain('{{不存在的数据}}');
    expect(issue.place?.line).toBeGreaterThan(1);
  });

  it('refuses a stated rate that disagrees with its base', () => {
    const raw = laiwuRaw();
    raw.generalBudget.district.income.current.adjustedBudget = 400000;
    const r = buildFromRaw(raw);
    expect(r.doc).toBeNull();
    expect(r.issues[0]).toMatchObject({ code: 'rate-base', expected: '117.6', actual: '100.08' });
    expect(r.issues[0]!.message).toContain('470383 ÷ 400000');
  });
});
