import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockText, type ReportDoc } from '../src/model/doc';
import { DATA, buildFromRaw, docText, laiwuRaw, mustBuild, squash } from './helpers';
import { validateRaw } from './validate-helpers';

// The house-style issue's done-when: districts in clearly different house styles get their budget
// paragraphs exactly from a style and data alone, with no template file. The expected paragraphs
// were checked figure by figure against the data (rates and growth recomputed by hand).

const raw = (name: string): any => JSON.parse(readFileSync(join(DATA, `${name}.json`), 'utf8'));

function build(name: string, data: unknown = raw(name)) {
  const r = buildFromRaw(data, `${name}.json`, undefined, { audit: true });
  if (!r.doc) throw new Error(`build failed: ${JSON.stringify(r.issues, null, 1)}`);
  return r;
}

/** Section 一 (决算情况), block by block: headings with their numbers, paragraphs. */
function sectionOne(doc: ReportDoc): string[] {
  const blocks = doc.blocks;
  const start = blocks.findIndex((b) => b.type === 'heading' && b.level === 1);
  const end = blocks.findIndex((b, i) => i > start && ((b.type === 'heading' && b.level === 1) || (b.type === 'paragraph' && blockText(b) === '以上报告，请予审议。')));
  return blocks.slice(start, end).map(blockText);
}

describe('a district writing 加上…收入总量为 in 亿元 with kept zeros, 区/区本级 sub-headings, no social insurance, no 上半年 (澜溪区, style file)', () => {
  it('gets its budget paragraphs exactly', () => {
    expect(sectionOne(build('lanxi-2024').doc!)).toEqual(LANXI);
  });
  it('prints nothing of the parts it has not: no 上半年, no social insurance, no zeros, and counts three budgets', () => {
    const text = docText(build('lanxi-2024').doc!);
    expect(text).not.toMatch(/上半年|社会保险|稳定调节基金|预备费|债务|(?<![0-9.])0万元|无.{0,12}收支/);
    expect(text).toContain('关于澜溪区2024年决算的报告');
    expect(text).toContain('主任、各位副主任、各位委员：');
  });
});

describe('a district with thousands-separated 万元, 可比增长, plan and 超收, 含 notes, revenue items one per line (松岩区)', () => {
  it('gets its budget paragraphs exactly', () => {
    expect(sectionOne(build('songyan-2024').doc!)).toEqual(SONGYAN);
  });
});

describe('a district with 合计 and 可用财力, a deducted line, 同口径增长, 比2023年（下同）, no 区级, paragraphs written in data (芦湾区)', () => {
  it('gets its budget paragraphs exactly', () => {
    expect(sectionOne(build('luwan-2024').doc!)).toEqual(LUWAN);
  });
  it('has its own title and opening, the year in them traced', () => {
    const doc = build('luwan-2024').doc!;
    expect(doc.properties.title).toBe('关于芦湾区2024年财政决算的报告');
    expect(docText(doc)).toContain('受区人民政府委托，现将2024年全区财政决算情况报告如下，请予审议。');
  });
  it('a paragraph written in data takes its zero wording when its amounts are all 0', () => {
    const data = raw('luwan-2024');
    data.stateCapitalBudget = {
      district: {
        income: { total: 0, current: { amount: 0 }, lines: [] },
        expenditure: { total: 0, current: { amount: 0 }, lines: [{ label: '调出资金', amount: 0 }] },
      },
    };
    expect(sectionOne(build('luwan-2024', data).doc!)).toContain('2024年，全区无国有资本经营预算收支。');
  });
});

describe.each(['laiwu-2024', 'lanxi-2024', 'songyan-2024', 'luwan-2024'])('%s', (name) => {
  it('validates with no error and no warning', () => {
    expect(validateRaw(raw(name)).filter((i) => i.code !== 'style-missing')).toEqual([]);
  });
  it('builds with every number traced (empty unsourced)', () => {
    const r = build(name);
    expect(r.audit!.unsourced).toEqual([]);
  });
});

describe('the default style', () => {
  it('is the report as before: an empty style changes nothing', () => {
    const withEmpty = { ...laiwuRaw(), style: {} };
    expect(docText(mustBuild(withEmpty))).toBe(docText(mustBuild(laiwuRaw())));
  });
});

const LANXI = [
      "一、2024年决算情况",
      "（一）一般公共预算收支决算情况",
      "1.区一般公共预算收支决算情况",
      "区一般公共预算收入38.56亿元，为调整预算的101.5%，比上年增长8.0%。加上上级补助收入41.23亿元、地方政府一般债券转贷收入5.20亿元、上年结转收入1.84亿元，以及调入资金2.57亿元，收入总量为89.40亿元。区一般公共预算支出70.24亿元，为调整预算的98.2%，比上年增长5.0%。加上上解上级支出9.64亿元、地方政府一般债券还本支出4.86亿元，以及结转下年支出4.67亿元，支出总量为89.40亿元。区一般公共预算收支决算平衡。",
      "2.区本级一般公共预算收支决算情况",
      "区本级一般公共预算收入19.88亿元，为调整预算的101.9%，比上年增长4.4%。加上上级补助收入40.23亿元、地方政府一般债券转贷收入5.20亿元、上年结转收入1.21亿元，以及调入资金2.57亿元，收入总量为69.08亿元。区本级一般公共预算支出41.06亿元，为调整预算的97.8%，比上年增长3.0%。加上补助下级支出10.34亿元、上解上级支出9.64亿元、地方政府一般债券还本支出4.86亿元，以及结转下年支出3.19亿元，支出总量为69.08亿元。区本级一般公共预算收支决算平衡。",
      "（二）政府性基金预算收支决算情况",
      "1.区政府性基金预算收支决算情况",
      "区政府性基金预算收入12.64亿元，为调整预算的93.6%，比上年下降20.0%。加上地方政府专项债券转贷收入8.80亿元，以及上年结转收入0.96亿元，收入总量为22.40亿元。区政府性基金预算支出19.83亿元，为调整预算的96.7%，比上年下降5.8%。加上地方政府专项债券还本支出1.50亿元、调出资金0.42亿元，以及结转下年支出0.65亿元，支出总量为22.40亿元。区政府性基金预算收支决算平衡。",
      "2.区本级政府性基金预算收支决算情况",
      "区本级政府性基金预算收入12.64亿元，为调整预算的93.6%，比上年下降20.0%。加上地方政府专项债券转贷收入8.80亿元，以及上年结转收入0.96亿元，收入总量为22.40亿元。区本级政府性基金预算支出19.03亿元，为调整预算的97.1%，比上年下降5.3%。加上补助下级支出0.80亿元、地方政府专项债券还本支出1.50亿元、调出资金0.42亿元，以及结转下年支出0.65亿元，支出总量为22.40亿元。区本级政府性基金预算收支决算平衡。",
      "（三）国有资本经营预算收支决算情况",
      "1.区国有资本经营预算收支决算情况",
      "区国有资本经营预算收入0.09亿元。加上上年结转收入0.01亿元，收入总量为0.10亿元。区国有资本经营预算支出0.07亿元。加上调出资金0.02亿元，以及结转下年支出0.01亿元，支出总量为0.10亿元。区国有资本经营预算收支决算平衡。",
      "需要说明的是，上述三本决算数字与向区五届人大五次会议报告的预算执行数一致。",
    ];

const SONGYAN = [
      "一、2024年决算情况",
      "（一）一般公共预算收支决算情况",
      "2024年，全区财政总收入802,640万元，同比增长6.75%。全区一般公共预算总收入1,254,300万元，其中：当年一般公共预算收入486,520万元，完成年度收入计划470,000万元的103.51%，超收16,520万元，同比增长7.57%，可比增长6.8%；上级补助收入612,400万元（含一般性转移支付收入401,200万元）；地方政府一般债券转贷收入98,000万元；上年结转收入57,380万元。全区一般公共预算总支出1,254,300万元，其中：当年一般公共预算支出1,003,420万元，完成年度支出计划1,020,000万元的98.37%，同比增长3.68%，可比增长4.1%；上解上级支出91,600万元；地方政府一般债券还本支出98,000万元；结转下年支出61,280万元（含专项转移支付结转38,500万元）。2024年，区级（含松岩经济开发区本级，下同）一般公共预算总收入1,018,750万元，其中：当年一般公共预算收入268,940万元，完成年度收入计划262,000万元的102.65%，超收6,940万元，同比增长5.43%，可比增长5%；上级补助收入612,400万元；地方政府一般债券转贷收入98,000万元；下级上解收入12,030万元；上年结转收入27,380万元。区级一般公共预算总支出1,018,750万元，其中：当年一般公共预算支出611,850万元，完成年度支出计划625,000万元的97.9%，同比增长3.67%，可比增长3.9%；补助下级支出185,620万元；上解上级支出91,600万元；地方政府一般债券还本支出98,000万元；结转下年支出31,680万元。",
      "税收收入352,180万元，完成预算的103.58%，同比增长6.21%。",
      "增值税128,460万元，完成预算的102.77%，同比增长5.38%。",
      "企业所得税56,230万元，完成预算的102.24%，同比增长6.5%。",
      "非税收入134,340万元，完成预算的103.34%，同比增长11.3%。",
      "区级税收收入190,560万元，同比增长5.28%。",
      "区级非税收入78,380万元，同比增长5.78%。",
      "（二）政府性基金预算收支决算情况",
      "2024年，全区政府性基金总收入318,600万元，其中：当年政府性基金预算收入205,300万元，完成年度收入计划200,000万元的102.65%，超收5,300万元，同比下降13.34%；地方政府专项债券转贷收入96,000万元；上年结转收入17,300万元。全区政府性基金总支出318,600万元，其中：当年政府性基金预算支出272,400万元，完成年度支出计划280,000万元的97.29%，同比下降9.65%；地方政府专项债券还本支出30,000万元；结转下年支出16,200万元。区级政府性基金收支情况与全区收支情况一致。",
      "（三）国有资本经营预算收支决算情况",
      "2024年，全区和区级均无国有资本经营预算收支。",
      "（四）社会保险基金预算收支决算情况",
      "2024年，全区社会保险基金收入158,200万元，完成预算的104.08%，同比增长7.4%。全区社会保险基金支出139,650万元，完成预算的99.04%，同比增长6.77%。年末，松岩区社会保险基金收支净结余18,550万元，滚存结余204,300万元。",
      "需要说明的是，上述四本决算数字，因决算期间资金在途、上下级结算补助变动，与向区三届人大四次会议报告的预算执行数相比有所变化。",
      "（五）政府债务情况",
      "经省财政厅核定、区人大常委会批准，2024年松岩区政府债务限额为1,286,000万元，其中：一般债务限额512,000万元、专项债务限额774,000万元。年末松岩区政府债务余额为1,198,400万元，其中一般债务余额为468,900万元，专项债务余额为729,500万元，未突破批准的政府债务限额。",
      "2024年，松岩区共收到市财政转贷的地方政府债券资金194,000万元，其中：新增债券96,000万元（全区新增债券共安排用于5个公益性资本项目，其中用于园区基础设施建设60,000万元，用于保障性安居工程36,000万元）。再融资债券98,000万元，其中98,000万元用于偿还到期地方政府债券本金。",
      "2024年，全区债务付息支出41,230万元，其中：地方政府一般债券利息支出15,610万元；地方政府专项债券利息支出25,620万元。",
      "2024年，全区债务还本支出128,000万元，其中：地方政府一般债务还本支出98,000万元（再融资债券还本支出98,000万元）；地方政府专项债务还本支出30,000万元（自有财力还本支出30,000万元）。",
    ];

const LUWAN = [
      "一、2024年全区财政决算情况",
      "（一）一般公共预算收支决算情况",
      "2024年，全区一般公共预算收入21.56亿元，自然口径增长7.1%，同口径增长8.3%，完成预算的102.69%，其中：税收收入15.1亿元，比2023年（下同）增长6.0%；非税收入6.4亿元，增长9.8%。加上上级转移支付收入28.7亿元和上年结转收入2亿元，扣除上解上级支出3.2亿元，可用财力总计49亿元。全区一般公共预算支出45.2亿元，自然口径增长3.1%，同口径增长3.6%，完成预算的96.23%。加上地方政府一般债券还本支出1.2亿元，支出合计46.4亿元。收支相抵，年终结余2.6亿元。",
      "从收入结构看，税收收入占一般公共预算收入的70.1%，比上年下降0.7个百分点，收入质量有所改善。",
      "（二）政府性基金预算收支决算情况",
      "2024年，全区政府性基金预算收入9.9亿元，下降12.3%，完成预算的93.9%。加上地方政府专项债券转贷收入4.5亿元和上年结转收入0.6亿元，收入合计15亿元。全区政府性基金预算支出13.1亿元，增长1.8%，完成预算的93.71%。加上地方政府专项债券还本支出1亿元和调出资金0.4亿元，支出合计14.5亿元。收支相抵，年终结余0.5亿元。",
      "（三）国有资本经营预算收支决算情况",
      "2024年，全区国有资本经营预算收入1200万元，全部为区属国有企业上缴的利润；支出900万元，另调出资金300万元补充一般公共预算。",
    ];

describe('correct wording in every combination', () => {
  const text = (data: unknown) => docText(mustBuild(data));

  it('when 区级 equals 全区 in the general budget, the scope note goes with the first 区级 printed, and only there', () => {
    const data = laiwuRaw();
    data.generalBudget.level = JSON.parse(JSON.stringify(data.generalBudget.district));
    const t = text(data);
    expect(t).toContain('区级（含各功能区本级，下同）一般公共预算收支情况与全区收支情况一致。');
    expect(t.match(/下同）/g)!.length).toBe(1);
    expect(t).toContain('2024年，区级政府性基金总收入655922万元');
  });

  it('区级 is not 一致 with 全区 when the same amounts stand under other labels', () => {
    const data = laiwuRaw();
    const cap = data.stateCapitalBudget;
    cap.level.expenditure = JSON.parse(JSON.stringify(cap.district.expenditure));
    let t = squash(docText(mustBuild(data)));
    expect(t).toContain('区级国有资本经营预算收支情况与全区收支情况一致。');
    cap.level.income.lines = [
      { label: '上年结转收入', amount: 483 },
      { label: '上级补助收入', amount: 1828 },
    ];
    t = squash(docText(mustBuild(data)));
    expect(t).not.toContain('区级国有资本经营预算收支情况与全区收支情况一致');
    expect(t).toContain('区级国有资本经营预算总收入2311万元');
  });

  it('a year-end balance that rounds to 0.00亿元 is still a balance, printed in 万元, never 收支决算平衡', () => {
    const data = raw('lanxi-2024');
    const d = data.generalBudget.district;
    d.yearEndBalance = 40;
    d.expenditure.lines[2].amount -= 40;
    d.expenditure.total -= 40;
    expect(validateRaw(data).filter((i) => i.severity === 'error')).toEqual([]);
    const t = squash(docText(build('lanxi-2024', data).doc!));
    expect(t).toContain('支出总量为89.40亿元。年终结余40万元。');
    expect(t).not.toContain('支出总量为89.40亿元。区一般公共预算收支决算平衡。');
  });

  it('when both scopes of a budget are 0 the report says 无…, not 一致', () => {
    const data = laiwuRaw();
    const zero = { income: { total: 0, lines: [] }, expenditure: { total: 0, lines: [] } };
    data.stateCapitalBudget = { district: zero, level: zero };
    const t = text(data);
    expect(t).toContain('2024年，全区和区级均无国有资本经营预算收支。');
    expect(t).not.toContain('区级国有资本经营预算收支情况与全区收支情况一致');
  });

  it('bonds received with no part to list print no dangling 其中; none received says so', () => {
    const data = laiwuRaw();
    const b = data.debt.bonds;
    b.newBonds = { amount: 0, uses: [] };
    b.refinancing = { amount: 0, uses: [] };
    b.total = 0;
    // Nothing repaid from refinancing bonds none were received of (rule debt-refinancing-repaid).
    for (const k of ['general', 'special'] as const) {
      const p = data.debt.principal[k];
      Object.assign(p, { ownFunds: p.amount, refinancing: 0 });
    }
    expect(text(data)).toContain('2024年，莱芜区未收到市财政转贷的地方政府债券资金。');
    expect(text(data)).not.toMatch(/共收到市财政转贷的地方政府债券资金0万元/);
  });

  it('a repayment with one source names only that one, never 0万元', () => {
    const t = text(raw('songyan-2024'));
    expect(t).toContain('地方政府一般债务还本支出98,000万元（再融资债券还本支出98,000万元）；地方政府专项债务还本支出30,000万元（自有财力还本支出30,000万元）。');
  });

  it('social insurance with no income and no spending says 无…收支', () => {
    const data = laiwuRaw();
    const zero = { income: { amount: 0 }, expenditure: { amount: 0 }, net: 0, accumulated: 0 };
    data.socialInsuranceBudget = { district: zero };
    const t = text(data);
    expect(t).toContain('2024年，全区无社会保险基金收支。');
    expect(t).not.toMatch(/社会保险基金收入0万元/);
  });

  it('a share that rises reads 提高…个百分点, one that falls 下降', () => {
    const data = laiwuRaw();
    data.analysis.tax.lastYearShare = 70; // 347960 ÷ 470383 = 73.97 %: up 4 个百分点
    expect(text(data)).toContain('税收占比为74%，较上年同期提高4个百分点');
    data.analysis.tax.lastYearShare = 77.3;
    expect(text(data)).toContain('较上年同期下降3.3个百分点');
  });

  it('a rate and growth typed to fewer places than the style prints come out computed from their bases, not padded', () => {
    const data = raw('lanxi-2024');
    // 385,620 ÷ 380,000 = 101.48 %; 385,620 ÷ 355,738 − 1 = 8.40 %: typed as 101 and 8, which they are at 0 places.
    Object.assign(data.generalBudget.district.income.current, { completionRate: 101, growth: 8, lastYear: 355738 });
    expect(validateRaw(data).filter((i) => i.severity === 'error')).toEqual([]);
    const t = squash(docText(build('lanxi-2024', data).doc!));
    expect(t).toContain('区一般公共预算收入38.56亿元，为调整预算的101.5%，比上年增长8.4%。');
  });

  it('a checked figure printed finer than it was typed prints its computed value, not the typed one padded', () => {
    const data = laiwuRaw();
    // 470,383万元 typed as 47.04亿元 and as 47亿元, both checked against the data (from); 203,100 ÷ 470,383 = 43.18 % typed as 43.2.
    data.figures.收入亿元 = { value: 47.04, unit: '亿元', from: 'generalBudget.district.income.current.amount' };
    data.figures.收入整亿 = { value: 47, unit: '亿元', from: 'generalBudget.district.income.current.amount' };
    data.style = { paragraphs: { '一般公共预算.之后': 'A{{收入亿元|万元}}，B{{收入亿元}}，C{{收入整亿|亿元2位保留0}}，D{{收入整亿|万元千分位}}，E{{主体税种占比|2位保留0}}，F{{主体税种占比}}。' } };
    const t = squash(docText(build('laiwu-2024', data).doc!));
    expect(t).toContain('A470383万元，B47.04亿元，C47.04亿元，D470,383万元，E43.18%，F43.2%。');
  });

  it('a 个百分点 figure without word 增减 gets no direction word from a 印法 either', () => {
    const data = laiwuRaw();
    data.style = { paragraphs: { '一般公共预算.之后': '增幅回落{{重点企业拉低增幅|1位}}，回落{{重点企业拉低增幅|2位保留0}}，回落{{重点企业拉低增幅}}。' } };
    expect(squash(docText(build('laiwu-2024', data).doc!))).toContain('增幅回落7.8个百分点，回落7.80个百分点，回落7.8个百分点。');
  });

  it('an amount that is there never prints as 0亿元: templates, the analysis and the figures table print it in 万元', () => {
    const data = laiwuRaw();
    data.style = { amounts: { unit: '亿元', digits: 1 }, formats: { 预备费: { unit: '万元' } } };
    // 政府性基金预算收入 300万元, the total kept by the other line.
    const fund = data.generalBudget ? data.fundBudget.district.income : null;
    fund.lines[1].amount += fund.current.amount - 300;
    fund.current.amount = 300;
    delete fund.current.growth;
    delete fund.current.completionRate;
    data.figures.重点行业收入.value = 40;
    const t = squash(docText(build('laiwu-2024', data).doc!));
    // 补充预算稳定调节基金 383万元, 自有财力还本 137万元 (templates, amt); 预备费 by its own format.
    expect(t).toContain('补充预算稳定调节基金383万元，累计余额0.2亿元');
    expect(t).toContain('自有财力还本支出137万元');
    expect(t).toContain('安排预备费8000万元');
    // 财政运行特点 ({{yi … 1}}) and the figures table (show 亿元).
    expect(t).toContain('政府性基金预算收入300万元');
    expect(t).toContain('共贡献地方级收入40万元');
    expect(t).not.toMatch(/[^.\d]0亿元/);
  });

  it('超收 and 短收 print by their own formats', () => {
    const data = raw('songyan-2024');
    data.style.formats = { ...data.style.formats, 全区一般公共预算收入超收: { unit: '亿元', digits: 2 }, 区级一般公共预算收入短收: { unit: '亿元', digits: 3 } };
    data.generalBudget.level.income.current.adjustedBudget = 270000;
    const t = squash(docText(build('songyan-2024', data).doc!));
    // 486,520 − 470,000 = 16,520万元 = 1.65亿元; 268,940 − 270,000 = −1,060万元: 短收0.106亿元.
    expect(t).toContain('超收1.65亿元');
    expect(t).toContain('短收0.106亿元');
  });

  it('比2023年（下同） goes to the first growth printed, a revenue item printed one per line before the 区级 paragraph', () => {
    const data = raw('songyan-2024');
    data.style = { ...data.style, growthWord: '比上年年份增长（下同）', scopes: { ...data.style.scopes, layout: '分段' } };
    for (const side of ['income', 'expenditure'] as const) for (const k of ['lastYear', 'growth', 'comparableGrowth']) delete data.generalBudget.district[side].current[k];
    delete data.generalBudget.fiscalRevenue.lastYear;
    const t = squash(docText(build('songyan-2024', data).doc!));
    expect(t).toContain('税收收入352,180万元，完成预算的103.58%，比2023年（下同）增长6.21%。');
    expect(t.match(/（下同）/g)).toHaveLength(1);
  });

  it('growth before the rate, 比2023年（下同） at the first growth only', () => {
    const data = laiwuRaw();
    data.style = { order: '增长在前', growthWord: '比上年年份增长（下同）' };
    const t = text(data);
    expect(t).toContain('当年一般公共预算收入470383万元，比2023年（下同）增长0.21%，完成调整预算的100.08%');
    expect(t).toContain('当年一般公共预算支出757058万元，下降0.52%，完成调整预算的100.27%');
    expect(t.match(/（下同）增长|（下同）下降/g)!.length).toBe(1);
  });
});

describe('a style that cannot be used is refused with its place', () => {
  const issues = (data: unknown) => buildFromRaw(data, 'data.json').issues.filter((i) => i.severity === 'error');

  it('a choice that is not one of the listed words', () => {
    const data = { ...laiwuRaw(), style: { frame: '加上去' } };
    const [e] = issues(data);
    expect(e!.place).toMatchObject({ file: 'data.json', path: 'style.frame' });
    expect(e!.message).toContain('加上');
  });

  it('a figure name no figure has, with the close names', () => {
    const data = { ...laiwuRaw(), style: { paragraphs: { '一般公共预算.之后': '全区收入{{全区一般公共预算收人}}。' } } };
    const [e] = issues(data);
    expect(e!.code).toBe('style-unknown-figure');
    expect(e!.place).toMatchObject({ path: 'style.paragraphs.一般公共预算.之后' });
    expect(e!.message).toContain('全区一般公共预算收入');
  });

  it('a brace without its pair in a style text', () => {
    const data = { ...laiwuRaw(), style: { opening: '受区政府委托，报告{{年度}年决算。' } };
    const e = issues(data).find((i) => i.code === 'prose-unmatched-brace');
    expect(e!.place).toMatchObject({ path: 'style.opening' });
  });

  it('a paragraph for a place the report has not', () => {
    const data = { ...laiwuRaw(), style: { paragraphs: { '一般公共预算.全部': '文字' } } };
    const [e] = issues(data);
    expect(e!.code).toBe('style-paragraph-place');
    expect(e!.message).toContain('一般公共预算.全区');
  });

  it('a style file that is not there', () => {
    const data = { ...laiwuRaw(), style: 'styles/没有这个文件.json' };
    const [e] = issues(data);
    expect(e!.place).toMatchObject({ path: 'style' });
    expect(e!.message).toContain('没有这个文件.json');
  });

  it('a deducted line is subtracted in the identity (and a wrong total caught at its place)', () => {
    const data = raw('luwan-2024');
    data.generalBudget.district.income.total += 1;
    const e = validateRaw(data).find((i) => i.code === 'budget-total');
    expect(e!.place).toMatchObject({ path: 'generalBudget.district.income.total' });
  });

  it('revenue items that do not add up to the year\'s income', () => {
    const data = raw('songyan-2024');
    data.generalBudget.district.income.current.items[1].amount += 1;
    const e = validateRaw(data).find((i) => i.code === 'revenue-items');
    expect(e!.place).toMatchObject({ path: 'generalBudget.district.income.current.amount' });
  });

  it('a 含 part larger than its line', () => {
    const data = raw('songyan-2024');
    data.generalBudget.district.income.lines[0].includes[0].amount = 700000;
    const e = validateRaw(data).find((i) => i.code === 'included-parts');
    expect(e!.place).toMatchObject({ path: 'generalBudget.district.income.lines[0].includes[0].amount' });
  });

  it('超收 in a paragraph written in data when the income fell short: refused, pointing to 短收, never 超收-1060', () => {
    const data = raw('songyan-2024');
    // 区级 income 268,940 against 270,000: 短收1,060万元.
    data.generalBudget.level.income.current.adjustedBudget = 270000;
    data.style.paragraphs = { '一般公共预算.之后': '区级超收{{区级一般公共预算收入超收}}。' };
    const e = issues(data).find((i) => i.code === 'style-unknown-figure')!;
    expect(e.place).toMatchObject({ path: 'style.paragraphs.一般公共预算.之后' });
    expect(e.message).toContain('没有超收');
    expect(e.fix).toContain('短收{{区级一般公共预算收入短收}}');
    data.style.paragraphs = { '一般公共预算.之后': '区级短收{{区级一般公共预算收入短收}}。' };
    expect(squash(docText(build('songyan-2024', data).doc!))).toContain('区级短收1,060万元。');
  });

  it('短收 when the income did not fall short: refused, pointing to 超收', () => {
    const data = raw('songyan-2024');
    data.style.paragraphs = { '一般公共预算.之后': '全区短收{{全区一般公共预算收入短收}}。' };
    const e = issues(data).find((i) => i.code === 'style-unknown-figure')!;
    expect(e.message).toContain('没有短收');
    expect(e.fix).toContain('超收{{全区一般公共预算收入超收}}');
  });

  it('a stated 超收 without the adjusted budget must fit the completion rate: sign and size', () => {
    const data = laiwuRaw();
    const c = data.generalBudget.district.income.current;
    // 470,383 at 99.5 % (99.45–99.55): 短收 2,127–2,601; at 100.08 %: 超收 353–399.
    Object.assign(c, { completionRate: 99.5, surplus: 2000 });
    let e = validateRaw(data).find((i) => i.code === 'surplus')!;
    expect(e.place).toMatchObject({ path: 'generalBudget.district.income.current.surplus' });
    expect(e.message).toContain('短收，应为负数');
    expect(e.expected).toBe('-2601 至 -2127');
    Object.assign(c, { completionRate: 100.08, surplus: -300 });
    e = validateRaw(data).find((i) => i.code === 'surplus')!;
    expect(e.message).toContain('超收，应为正数');
    Object.assign(c, { completionRate: 100.08, surplus: 376 });
    expect(validateRaw(data).filter((i) => i.code === 'surplus' || i.code === 'plausible-negative')).toEqual([]);
    Object.assign(c, { completionRate: 99.5, surplus: -2300 });
    expect(validateRaw(data).filter((i) => i.code === 'surplus' || i.code === 'plausible-negative')).toEqual([]);
  });

  it('word 增减 on a share or a completion rate is refused: it would print 增长43.2%', () => {
    const data = laiwuRaw();
    data.figures.占比增减 = { value: 43.2, ratio: ['主体税种收入', '全区一般公共预算收入'], unit: '%', digits: 1, word: '增减' };
    data.figures.完成率增减 = { from: 'generalBudget.district.income.current.completionRate', unit: '%', word: '增减' };
    const found = validateRaw(data).filter((i) => i.code === 'figure-invalid');
    expect(found.map((i) => i.place?.path).sort()).toEqual(['figures.占比增减.word', 'figures.完成率增减.word']);
    // A growth and a change of rate keep it.
    expect(validateRaw(laiwuRaw()).filter((i) => i.code === 'figure-invalid')).toEqual([]);
  });

  it('the analysis\' 税收收入 and the revenue item 税收收入 are one figure: amount and growth', () => {
    let data = raw('songyan-2024');
    expect(validateRaw(data).filter((i) => i.code === 'tax-item')).toEqual([]);
    data.analysis.tax.amount = 352000;
    let e = validateRaw(data).find((i) => i.code === 'tax-item')!;
    expect(e.place).toMatchObject({ path: 'analysis.tax.amount' });
    expect(e.expected).toBe('352180');
    data = raw('songyan-2024');
    // 352,180 ÷ 331,600 − 1 = 6.21 %.
    data.analysis.tax.growth = 6.3;
    e = validateRaw(data).find((i) => i.code === 'tax-item')!;
    expect(e.place).toMatchObject({ path: 'analysis.tax.growth' });
    expect(e.expected).toBe('6.2');
  });

  it('a stated 超收 that is not income less the adjusted budget', () => {
    const data = raw('songyan-2024');
    data.generalBudget.district.income.current.surplus = 16000;
    const e = validateRaw(data).find((i) => i.code === 'surplus');
    expect(e!.place).toMatchObject({ path: 'generalBudget.district.income.current.surplus' });
    expect(e!.expected).toBe('16520');
  });
});
