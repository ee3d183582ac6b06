/**
 * Varied, valid final-accounts datasets for the benchmark and the tests.
 *
 *   npx tsx scripts/generate-datasets.ts --count 300 --out /tmp/datasets [--seed 1] [--config]
 *
 * Each dataset is made from a seed: a district (name, city, year, people), budgets with figures of
 * a different size, zero budgets and zero lines, negative and zero growth, rates given as rates, as
 * bases, or both; and every identity of spec/fiscal-rules.md holds (totals = their parts, each
 * budget balanced, debt parts add up, rates agree with their bases). The narrative is the Laiwu
 * example's, with its figures table rescaled, so prose references stay valid. With --config a batch
 * config listing every dataset is written beside them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Decimal from 'decimal.js';

const LAIWU = resolve(__dirname, '..', 'data', 'laiwu-2024.json');

/** mulberry32: a small seeded generator, so a seed always gives the same dataset. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES: [string, string][] = [
  ['莱芜区', '济南市'], ['历城区', '济南市'], ['章丘区', '济南市'], ['长清区', '济南市'], ['钢城区', '济南市'],
  ['鹤城区', '怀化市'], ['洪江区', '怀化市'], ['黄岛区', '青岛市'], ['即墨区', '青岛市'], ['城阳区', '青岛市'],
  ['张店区', '淄博市'], ['临淄区', '淄博市'], ['博山区', '淄博市'], ['周村区', '淄博市'], ['台儿庄区', '枣庄市'],
  ['峄城区', '枣庄市'], ['东营区', '东营市'], ['垦利区', '东营市'], ['芝罘区', '烟台市'], ['福山区', '烟台市'],
  ['牟平区', '烟台市'], ['莱山区', '烟台市'], ['潍城区', '潍坊市'], ['寒亭区', '潍坊市'], ['坊子区', '潍坊市'],
  ['奎文区', '潍坊市'], ['任城区', '济宁市'], ['兖州区', '济宁市'], ['泰山区', '泰安市'], ['岱岳区', '泰安市'],
  ['环翠区', '威海市'], ['文登区', '威海市'], ['东港区', '日照市'], ['岚山区', '日照市'], ['兰山区', '临沂市'],
  ['罗庄区', '临沂市'], ['河东区', '临沂市'], ['德城区', '德州市'], ['陵城区', '德州市'], ['东昌府区', '聊城市'],
  ['茌平区', '聊城市'], ['滨城区', '滨州市'], ['沾化区', '滨州市'], ['牡丹区', '菏泽市'], ['定陶区', '菏泽市'],
  ['天桥区', '济南市'], ['槐荫区', '济南市'], ['市中区', '济南市'], ['历下区', '济南市'], ['李沧区', '青岛市'],
];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '海涛', '志强', '立新', '明华', '书连', '光辉', '红梅', '晓东', '伟', '静', '磊', '军', '秀英', '德胜', '文博'];
const COUNT_ZH = ['十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十', '二十一', '二十二', '二十三', '二十四', '二十五', '二十六', '二十七', '二十八', '二十九', '三十'];

/** A number with at most `digits` decimals, half up, as a plain JS number. */
function r(value: Decimal.Value, digits: number): number {
  return new Decimal(value).toDecimalPlaces(digits, Decimal.ROUND_HALF_UP).toNumber();
}

/**
 * One dataset from a seed. `index` picks the district and year so that up to 50 × 7 datasets
 * have distinct titles; the seed varies the figures.
 */
export function generateDataset(index: number, seed = index + 1): Record<string, any> {
  const rand = rng(seed * 7919 + 17);
  const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const int = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
  const chance = (p: number) => rand() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  const base = JSON.parse(readFileSync(LAIWU, 'utf8'));
  const [district, city] = PLACES[index % PLACES.length]!;
  const year = 2024 - (Math.floor(index / PLACES.length) % 7);
  const unit = '区';
  const scale = between(0.15, 3);
  const amount = (laiwu: number) => Math.max(1, Math.round(laiwu * scale * between(0.8, 1.25)));
  const person = () => `${pick([...SURNAMES])}${pick(GIVEN)}`;
  const fullName = `${city}${district}`;
  const session = COUNT_ZH[int(0, COUNT_ZH.length - 1)]!;
  const congress = pick(['十八', '十九', '二十']);

  // How a flow's rates are given: as rates, as bases (computed by the composer), or both (checked).
  type Mode = 'rate' | 'base' | 'both';
  const mode = (): Mode => pick(['rate', 'rate', 'base', 'both'] as const);
  const growthPct = () => (chance(0.08) ? 0 : r(between(-30, 30), pick([1, 2])));
  /** A flow: amount with completion rate against `baseKey` and growth against last year. */
  type Flow = { amount: number } & Record<string, number>;
  const flow = (value: number, baseKey: 'adjustedBudget' | 'budget' | 'initialBudget', completion: number): Flow => {
    const out: Flow = { amount: value };
    if (value === 0) return out;
    const m = mode();
    const growth = growthPct();
    const base = Math.max(1, Math.round(value / (completion / 100)));
    const lastYear = Math.max(1, Math.round(value / (1 + growth / 100)));
    if (m !== 'rate') {
      out[baseKey] = base;
      out.lastYear = lastYear;
    }
    if (m !== 'base') {
      out.completionRate = m === 'both' ? r(new Decimal(value).div(base).mul(100), 2) : r(completion, 2);
      out.growth = m === 'both' ? r(new Decimal(value).div(lastYear).sub(1).mul(100), 2) : growth;
    }
    return out;
  };

  // 一般公共预算: 总收入 = 当年收入 + 债券转贷收入 + 转移性收入等 = 总支出 = 当年支出 + 还本 + 上解等 + 结转.
  const gIncome = amount(470383);
  const gBondIn = amount(80852);
  const gTransfers = amount(614201);
  const gTotal = gIncome + gBondIn + gTransfers;
  const gPrincipal = gBondIn + int(0, Math.round(gBondIn * 0.05));
  const gCarry = Math.round(gTotal * between(0.01, 0.05));
  const gRemit = Math.round(gTotal * between(0.1, 0.3));
  const gSpend = gTotal - gPrincipal - gCarry - gRemit;

  const lIncome = Math.round(gIncome * between(0.4, 0.8));
  // 区级 within 全区: its total a little smaller, transfers (which include 上解收入) making up the rest.
  const lTotal = Math.round(gTotal * between(0.9, 0.99));
  const lTransfers = lTotal - lIncome - gBondIn;
  const lOnlend = Math.round(gBondIn * between(0.3, 0.7));
  const lPrincipal = Math.round(gPrincipal * between(0.3, 0.6));
  const lCarry = gCarry;
  const lRemit = Math.round(lTotal * between(0.2, 0.35));
  const lSpend = lTotal - lOnlend - lPrincipal - lCarry - lRemit;

  const gb = base.generalBudget;
  const label = (side: any, i: number) => side.lines[i].label as string;
  const generalBudget = {
    district: {
      income: {
        total: gTotal,
        current: flow(gIncome, 'adjustedBudget', between(95, 105)),
        lines: [
          { label: label(gb.district.income, 0), amount: gBondIn },
          { label: label(gb.district.income, 1), amount: gTransfers },
        ],
      },
      expenditure: {
        total: gTotal,
        current: flow(gSpend, 'adjustedBudget', between(95, 105)),
        lines: [
          { label: label(gb.district.expenditure, 0), amount: gPrincipal },
          { label: label(gb.district.expenditure, 1), amount: gRemit },
          { label: label(gb.district.expenditure, 2), amount: gCarry },
        ],
      },
    },
    level: {
      income: {
        total: lTotal,
        current: flow(lIncome, 'adjustedBudget', between(95, 105)),
        lines: [
          { label: label(gb.level.income, 0), amount: gBondIn },
          { label: label(gb.level.income, 1), amount: lTransfers },
        ],
      },
      expenditure: {
        total: lTotal,
        current: flow(lSpend, 'adjustedBudget', between(95, 105)),
        lines: [
          { label: label(gb.level.expenditure, 0), amount: lOnlend },
          { label: label(gb.level.expenditure, 1), amount: lPrincipal },
          { label: label(gb.level.expenditure, 2), amount: lRemit },
          { label: label(gb.level.expenditure, 3), amount: lCarry },
        ],
      },
    },
    stabilizationFund: (() => {
      const used = chance(0.5) ? 0 : amount(500);
      const added = chance(0.2) ? 0 : amount(383);
      return { used, added, balance: amount(1964) + added };
    })(),
    reserveFund: (() => {
      const arranged = amount(8000);
      return { arranged, spent: chance(0.6) ? arranged : Math.round(arranged * between(0.5, 1)), uses: gb.reserveFund.uses };
    })(),
  };

  // 政府性基金预算, each scope balanced; 区级 sometimes the same as 全区 (one sentence in the report).
  const fb = base.fundBudget;
  const fundScope = (ref: any, incomeAmount: number, bond: number, other: number) => {
    const total = incomeAmount + bond + other;
    const principal = Math.round(bond * between(0.3, 0.6));
    const rest = Math.round(total * between(0.1, 0.25));
    const spend = total - principal - rest;
    return {
      income: { total, current: flow(incomeAmount, 'adjustedBudget', between(90, 110)), lines: [{ label: label(ref.income, 0), amount: bond }, { label: label(ref.income, 1), amount: other }] },
      expenditure: {
        total,
        current: flow(spend, 'adjustedBudget', between(90, 110)),
        lines: [
          { label: label(fb.district.expenditure, 0), amount: principal },
          { label: label(fb.district.expenditure, 1), amount: rest },
        ],
      },
    };
  };
  const fIncome = amount(203081);
  const fBond = amount(312119);
  const fOther = amount(140722);
  const fundDistrict = fundScope(fb.district, fIncome, fBond, fOther);
  const part = () => between(0.6, 0.95);
  const fundBudget = {
    district: fundDistrict,
    level: chance(0.4) ? structuredClone(fundDistrict) : fundScope(fb.level, Math.round(fIncome * part()), Math.round(fBond * part()), Math.round(fOther * part())),
  };

  // 国有资本经营预算: small, often without income of the year; sometimes nothing at all.
  const capitalScope = (zero: boolean) => {
    if (zero)
      return {
        income: { total: 0, lines: [{ label: '上级补助收入', amount: 0 }] },
        expenditure: { total: 0, lines: [{ label: '结转下年支出', amount: 0 }] },
      };
    const grant = amount(483);
    const carried = amount(1828);
    const total = grant + carried;
    const carry = Math.round(total * between(0.3, 0.9));
    return {
      income: { total, lines: [{ label: '上级补助收入', amount: grant }, { label: '上年结转收入', amount: carried }] },
      expenditure: { total, current: { amount: total - carry }, lines: [{ label: '结转下年支出', amount: carry }] },
    };
  };
  const capitalZero = chance(0.25);
  const capitalDistrict = capitalScope(capitalZero);
  const stateCapitalBudget = { district: capitalDistrict, level: structuredClone(capitalDistrict) };

  // 社会保险基金: 净结余 = 收入 − 支出; 滚存结余 = 上年滚存结余 + 净结余.
  const socialScope = (factor: number) => {
    const income = Math.round(amount(136965) * factor);
    const expenditure = Math.round(income * between(0.7, 0.98));
    const net = income - expenditure;
    const lastYearAccumulated = Math.round(amount(156498) * factor);
    const s: Record<string, unknown> = {
      income: flow(income, 'budget', between(95, 106)),
      expenditure: flow(expenditure, 'budget', between(95, 106)),
      net,
      accumulated: lastYearAccumulated + net,
    };
    if (chance(0.5)) s.lastYearAccumulated = lastYearAccumulated;
    return s;
  };
  const socialDistrict = socialScope(1);
  const socialInsuranceBudget = { district: socialDistrict, level: chance(0.7) ? structuredClone(socialDistrict) : socialScope(0.6) };

  // 政府债务: every part adds to its whole; balances within their limits.
  const limitGeneral = amount(507559);
  const limitSpecial = amount(1545639);
  const balanceGeneral = Math.round(limitGeneral * between(0.85, 0.99));
  const balanceSpecial = Math.round(limitSpecial * between(0.8, 0.97));
  const newUses = base.debt.bonds.newBonds.uses.map((u: any) => ({ label: u.label, amount: chance(0.15) ? 0 : amount(u.amount) })).filter((u: any) => u.amount > 0);
  if (!newUses.length) newUses.push({ label: base.debt.bonds.newBonds.uses[0].label, amount: amount(69300) });
  const newBonds = newUses.reduce((s: number, u: any) => s + u.amount, 0);
  const refUses = base.debt.bonds.refinancing.uses.map((u: any) => ({ amount: amount(u.amount), purpose: u.purpose }));
  const interestGeneral = amount(16220);
  const interestSpecial = amount(39501);
  const specialOwn = amount(11301);
  const specialRef = amount(101319);
  // Repayments from refinancing bonds come out of the refinancing bonds received (debt-refinancing-repaid).
  const repaidFromBonds = gBondIn + specialRef - refUses.reduce((s: number, u: any) => s + u.amount, 0);
  if (repaidFromBonds > 0) refUses[0].amount += repaidFromBonds;
  const refinancing = refUses.reduce((s: number, u: any) => s + u.amount, 0);
  const generalOwn = gPrincipal - gBondIn;
  const debt = {
    approval: base.debt.approval,
    limit: { total: limitGeneral + limitSpecial, general: limitGeneral, special: limitSpecial },
    balance: { total: balanceGeneral + balanceSpecial, general: balanceGeneral, special: balanceSpecial },
    bonds: {
      total: newBonds + refinancing,
      newBonds: { amount: newBonds, projectCount: int(3, 30), uses: newUses },
      refinancing: { amount: refinancing, uses: refUses },
    },
    interest: { total: interestGeneral + interestSpecial, general: interestGeneral, special: interestSpecial },
    principal: {
      total: gPrincipal + specialOwn + specialRef,
      general: { amount: gPrincipal, ownFunds: generalOwn, refinancing: gBondIn },
      special: { amount: specialOwn + specialRef, ownFunds: specialOwn, refinancing: specialRef },
    },
  };

  // 财政运行分析: tax within income; the narrative's figures rescaled, parts within wholes.
  const analysis = structuredClone(base.analysis);
  analysis.tax = { ...analysis.tax, amount: Math.round(gIncome * between(0.6, 0.85)), growth: growthPct(), lastYearShare: r(between(60, 85), 1) };
  if (analysis.tax.growth === 0) analysis.tax.growth = 1.5;
  if (chance(0.3)) delete analysis.incomeComparable;
  if (chance(0.3)) delete analysis.tax.comparable;

  // 上半年: about half the year; state capital often nothing.
  const half = (annual: number, zero = false): Flow => (zero ? { amount: 0 } : flow(Math.round(annual * between(0.35, 0.6)), 'initialBudget', between(25, 95)));
  const halfScope = (inc: number, exp: number, zero = false) => ({ income: half(inc, zero), expenditure: half(exp, zero) });
  /** 区级 in the first half: a part of 全区's first-half figures. */
  const levelOf = (d: { income: { amount: number }; expenditure: { amount: number } }) => ({
    income: flow(Math.round(d.income.amount * part()), 'initialBudget', between(25, 95)),
    expenditure: flow(Math.round(d.expenditure.amount * part()), 'initialBudget', between(25, 95)),
  });
  const hGeneralDistrict = halfScope(gIncome, gSpend);
  const firstHalf = {
    general: { district: hGeneralDistrict, level: levelOf(hGeneralDistrict) },
    fund: (() => {
      const d = halfScope(fundDistrict.income.current.amount, fundDistrict.expenditure.current.amount);
      return { district: d, level: chance(0.5) ? structuredClone(d) : levelOf(d) };
    })(),
    stateCapital: (() => {
      const zero = capitalZero || chance(0.5);
      const d = zero ? { income: { amount: 0 }, expenditure: { amount: chance(0.5) ? 0 : amount(530) } } : halfScope(400, 400);
      return { district: d, level: structuredClone(d) };
    })(),
    socialInsurance: (() => {
      const d = halfScope((socialDistrict.income as any).amount, (socialDistrict.expenditure as any).amount);
      return { district: d, level: structuredClone(d) };
    })(),
    problems: base.firstHalf.problems,
    highlights: base.firstHalf.highlights,
  };
  // The highlights cite the first-half general budget's growth and completion rate by path.
  const hi = hGeneralDistrict.income as Record<string, number>;
  const he = hGeneralDistrict.expenditure as Record<string, number>;
  for (const f of [hi, he]) {
    if (f.completionRate === undefined) f.completionRate = r(new Decimal(f.amount!).div(f.initialBudget!).mul(100), 2);
    if (f.growth === undefined) f.growth = r(new Decimal(f.amount!).div(f.lastYear!).sub(1).mul(100), 2);
  }

  // The figures table: values rescaled; shares stay below their wholes.
  const figures = structuredClone(base.figures) as Record<string, any>;
  for (const [, f] of Object.entries(figures)) {
    if (typeof f.value !== 'number') continue;
    if (f.unit === '%' || f.unit === '个百分点') f.value = r(f.value * between(0.5, 1.5), 1) || f.value;
    else if (f.unit === '万元') f.value = amount(f.value);
    else if (f.unit === '亿元') f.value = Math.max(0.01, r(f.value * scale, 2));
    else f.value = Math.max(1, Math.round(f.value * between(0.5, 1.5)));
  }
  const share = (part: string, whole: number, lo: number, hi2: number) => (figures[part].value = Math.round(whole * between(lo, hi2)));
  share('主体税种收入', gIncome, 0.3, 0.5);
  share('重点行业收入', gIncome, 0.5, 0.7);
  share('民生支出', gSpend, 0.7, 0.9);
  share('上半年民生支出', he.amount!, 0.7, 0.9);
  share('中小微企业合同金额', figures['政府采购合同金额'].value, 0.6, 0.95);
  share('非税收入', figures['上年同期非税收入'].value, 0.6, 0.95);
  figures['非税收入增减'].value = r(new Decimal(figures['非税收入'].value).div(figures['上年同期非税收入'].value).sub(1).mul(100), 1);
  // A figure typed beside its computation (a checked total or share) is left to the computation here:
  // the rescaled parts no longer give the example's typed value.
  for (const f of Object.values(figures)) if (f.value !== undefined && (f.from ?? f.sum ?? f.difference ?? f.ratio ?? f.growth) !== undefined) delete f.value;

  const speakerName = person();
  return {
    kind: 'final-accounts',
    meta: {
      district,
      fullName,
      year,
      government: `${fullName}人民政府`,
      reviewer: `${person()}${unit}长`,
      bureau: `${fullName}财政局`,
      speaker: { title: `${district}财政局局长`, name: speakerName },
      meeting: {
        committee: `${unit}${congress}届人大常委会`,
        session: `第${session}次会议`,
        fullName: `${district}第${congress}届人大常委会第${session}次会议`,
        date: `${year + 1}-08-${String(int(10, 30)).padStart(2, '0')}`,
      },
      priorMeeting: `${unit}${congress}届人大${pick(['三', '四', '五'])}次会议`,
      ...(chance(0.5) ? { levelNote: base.meta.levelNote } : {}),
      attachments: [`${fullName}${year}年决算草案表`, `关于${year}年度预算绩效管理工作情况的报告`],
    },
    generalBudget,
    fundBudget,
    stateCapitalBudget,
    socialInsuranceBudget,
    debt,
    analysis,
    firstHalf,
    plans: base.plans,
    figures,
  };
}

/** A file name for dataset `index`: 0001-莱芜区-2024.json. */
export function datasetFileName(index: number, ds: Record<string, any>): string {
  return `${String(index + 1).padStart(4, '0')}-${ds.meta.district}-${ds.meta.year}.json`;
}

/** Writes `count` datasets into `dir` (and a batch config listing them when asked); returns the file names. */
export function writeDatasets(dir: string, count: number, options: { seed?: number; config?: string; out?: string } = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const ds = generateDataset(i, (options.seed ?? 1) * 100003 + i);
    const name = datasetFileName(i, ds);
    writeFileSync(join(dir, name), JSON.stringify(ds, null, 2) + '\n');
    names.push(name);
  }
  if (options.config) {
    const jobs = names.map((n) => ({ name: n.replace(/\.json$/, ''), dataset: n, out: `${options.out ?? 'output'}/${n.replace(/\.json$/, '')}` }));
    writeFileSync(join(dir, options.config), JSON.stringify({ jobs }, null, 2) + '\n');
  }
  return names;
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '20' }, out: { type: 'string', default: 'generated' }, seed: { type: 'string', default: '1' }, config: { type: 'boolean' } },
  });
  const names = writeDatasets(String(values.out), Number(values.count), { seed: Number(values.seed), ...(values.config ? { config: 'fiscal-report.batch.json' } : {}) });
  console.log(`已生成 ${names.length} 个数据文件到 ${values.out}${values.config ? '（含批量配置 fiscal-report.batch.json）' : ''}`);
}
