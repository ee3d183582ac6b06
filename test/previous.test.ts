import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { parseJson } from '../src/load/json';
import { findFlows } from '../src/validate/rules/flows';
import { buildFromRaw, docText, LAIWU, laiwuRaw, squash } from './helpers';
import { capture, PREVIOUS, previousRaw, tmp } from './validate-helpers';

const withPrevious = (raw: unknown, prev: unknown = previousRaw()) => {
  const r = buildFromRaw(raw, 'test.json', undefined, { previous: parseJson(JSON.stringify(prev, null, 2), 'previous.json') });
  if (!r.doc) throw new Error(JSON.stringify(r.issues, null, 1));
  return r;
};

/** The Laiwu dataset with every growth and last-year share left out: last year's dataset supplies them. */
function withoutGrowths(): any {
  const raw = laiwuRaw();
  for (const f of findFlows(raw)) delete f.path.reduce((o: any, k) => o[k], raw).growth;
  delete raw.analysis.tax.lastYearShare;
  return raw;
}

describe('--previous: last year supplies the bases for 同比', () => {
  it('computes every growth the data leaves out, as the stated ones read', () => {
    const t = squash(docText(withPrevious(withoutGrowths()).doc!));
    for (const s of [
      '当年一般公共预算收入470383万元，完成调整预算的100.08%，同比增长0.21%；',
      '当年一般公共预算支出757058万元，完成调整预算的100.27%，同比下降0.52%；',
      '当年政府性基金预算支出348056万元，完成调整预算的99.44%，同比下降25.87%；',
      '全区社会保险基金收入136965万元，完成预算的103.09%，同比增长11.13%。',
      '全区一般公共预算收入完成243422万元，完成年初预算的50.2%，下降7.2%。',
      '税收收入完成34.8亿元，下降2.9%，',
      // A figure of the narrative that cites a growth the data leaves out (firstHalf…income.growth).
      '全区一般公共预算收入24.34亿元，下降7.2%，完成全年预算收入的50.2%',
    ])
      expect(t).toContain(s);
  });

  it('traces a computed growth to both years: this year\'s path and last year\'s', () => {
    const doc = withPrevious(withoutGrowths()).doc!;
    const runs = doc.blocks.flatMap((b) => ('runs' in b ? b.runs : []));
    const g = runs.find((r) => r.text === '增长0.21%')!;
    expect(g.fig!.source).toEqual({
      derivation: '同比增长率',
      inputs: [{ path: 'generalBudget.district.income.current.amount' }, { path: 'previous:generalBudget.district.income.current.amount' }],
    });
  });

  it('computes last year\'s tax share, and the change in 个百分点, from last year\'s figures', () => {
    // 358352 ÷ 469397 = 76.34 %; 347960 ÷ 470383 = 73.97 %: 下降 2.4 个百分点.
    expect(squash(docText(withPrevious(withoutGrowths()).doc!))).toContain('税收占比为74%，较上年同期下降2.4个百分点。');
  });

  it('gives a growth to figures the data had none for', () => {
    // 国有资本经营预算 当年支出: 422 against 401 last year.
    expect(squash(docText(withPrevious(laiwuRaw()).doc!))).toContain('当年国有资本经营预算支出422万元，同比增长5.24%；');
  });

  /** 松岩区 and a last year's dataset that agrees with it: each flow's amount there is its 上年数 here. */
  function songyanAndLastYear(): { raw: any; prev: any } {
    const raw = JSON.parse(readFileSync(join(__dirname, '..', 'data', 'songyan-2024.json'), 'utf8'));
    const prev = JSON.parse(JSON.stringify(raw));
    prev.meta.year = 2023;
    const at = (o: any, path: readonly (string | number)[]) => path.reduce((x: any, k) => x[k], o);
    for (const f of findFlows(raw)) {
      const here = at(raw, f.path);
      if (here.lastYear !== undefined) at(prev, f.path).amount = here.lastYear;
      else delete here.growth;
    }
    for (const s of ['district', 'level'] as const) {
      const si = raw.socialInsuranceBudget?.[s];
      if (si?.lastYearAccumulated !== undefined) prev.socialInsuranceBudget[s].accumulated = si.lastYearAccumulated;
    }
    prev.debt.balance.total = raw.debt.balance.total - raw.debt.bonds.total + raw.debt.principal.total;
    return { raw, prev };
  }
  const items = (o: any): any[] => o.generalBudget.district.income.current.items;

  it('takes a revenue item\'s base from last year\'s item of the same label, wherever it stands in the list', () => {
    // 松岩区's items without their last-year figures; last year's dataset has them, its lists in another order.
    const { raw, prev } = songyanAndLastYear();
    items(prev).reverse();
    items(prev)[1].items.reverse();
    const strip = (list: any[]) => list.forEach((it) => (delete it.lastYear, it.items && strip(it.items)));
    strip(items(raw));
    const r = buildFromRaw(raw, 'songyan-2024.json', undefined, { previous: parseJson(JSON.stringify(prev, null, 2), 'previous.json') });
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const t = squash(docText(r.doc!));
    // 352180 ÷ 331600 − 1 = 6.21 %; 134340 ÷ 120700 − 1 = 11.3 %; 128460 ÷ 121900 − 1 = 5.38 %; 56230 ÷ 52800 − 1 = 6.5 %.
    for (const s of ['税收收入352,180万元，完成预算的103.58%，同比增长6.21%', '非税收入134,340万元，完成预算的103.34%，同比增长11.3%', '增值税128,460万元，完成预算的102.77%，同比增长5.38%', '企业所得税56,230万元，完成预算的102.24%，同比增长6.5%'])
      expect(t).toContain(s);
    // The growth's source is last year's item where it stands there.
    const runs = r.doc!.blocks.flatMap((b) => ('runs' in b ? b.runs : []));
    expect(runs.find((x) => x.text === '增长11.3%')!.fig!.source).toEqual({
      derivation: '同比增长率',
      inputs: [{ path: 'generalBudget.district.income.current.items[1].amount' }, { path: 'previous:generalBudget.district.income.current.items[0].amount' }],
    });
  });

  it('gives an item no growth when last year\'s list lacks its label or has it twice', () => {
    const { raw, prev } = songyanAndLastYear();
    items(prev)[1].label = '其他收入';
    items(prev)[0].items[1].label = '增值税';
    for (const it of items(raw)) delete it.lastYear;
    for (const it of items(raw)[0].items) delete it.lastYear;
    const r = buildFromRaw(raw, 'songyan-2024.json', undefined, { previous: parseJson(JSON.stringify(prev, null, 2), 'previous.json') });
    const t = squash(docText(r.doc!));
    expect(t).toContain('非税收入134,340万元，完成预算的103.34%。');
    expect(t).toContain('增值税128,460万元，完成预算的102.77%。');
    expect(t).toContain('企业所得税56,230万元，完成预算的102.24%。');
  });

  it('prints 区级 apart when only last year tells the scopes apart', () => {
    const prev = previousRaw();
    prev.socialInsuranceBudget.level.income.amount = 120000;
    const t = squash(docText(withPrevious(withoutGrowths(), prev).doc!));
    expect(t).not.toContain('区级社会保险基金收支情况与全区收支情况一致。需要说明');
    expect(t).toContain('2024年，区级社会保险基金收入136965万元，完成预算的103.09%，同比增长14.14%。');
  });

  it('fiscal-report build --previous builds and its audit names last year\'s figures', async () => {
    const dir = tmp();
    const { out } = capture();
    expect(await main(['build', LAIWU, '--previous', PREVIOUS, '--out', dir, '--audit'], out)).toBe(0);
    const auditFile = readdirSync(dir).find((f) => f.endsWith('.audit.json'))!;
    const audit = JSON.parse(readFileSync(join(dir, auditFile), 'utf8'));
    expect(audit.previous).toBe(PREVIOUS);
    const prevInputs = JSON.stringify(audit.numbers).match(/"dataset":"previous"/g) ?? [];
    expect(prevInputs.length).toBeGreaterThan(0);
  });

  it('a missing previous file is a usage error naming it', async () => {
    const dir = tmp();
    const { out, lines } = capture();
    expect(await main(['build', LAIWU, '--previous', 'no-such-2023.json', '--out', dir], out)).toBe(2);
    expect(lines.join('\n')).toContain('no-such-2023.json');
    expect(existsSync(join(dir, '关于莱芜区2024年决算和2025年上半年预算执行情况的报告.docx'))).toBe(false);
  });
});
