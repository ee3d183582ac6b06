import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { RULES } from '../src/validate/rules';
import { LAIWU, laiwuRaw, ROOT } from './helpers';
import { capture, PREVIOUS, tmp, writeDataset } from './validate-helpers';

/** Laiwu with two errors of different rules and two warnings. */
function mixed(): any {
  const raw = laiwuRaw();
  raw.generalBudget.reserveFund.spent = 8200; // warning
  raw.debt.interest.general = 16202; // error: interest sum
  raw.firstHalf.fund.level.income.growth = 106.5; // warning
  raw.socialInsuranceBudget.level.net = 19000; // error: net
  return raw;
}

describe('fiscal-report validate', () => {
  it('prints every issue at once, grouped by rule, errors before warnings, and exits 1', async () => {
    const { file } = writeDataset(mixed());
    const { out, lines } = capture();
    expect(await main(['validate', file], out)).toBe(1);
    const text = lines.join('\n');
    const order = ['错误 2 处', '［social-net］1 处', '［debt-interest-sum］1 处', '警告 2 处', '［plausible-growth］1 处', '［plausible-reserve］1 处', '结论：有 2 处错误、2 处警告'].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The figures taking part are named with their lines, so the writer can find each.
    expect(text).toMatch(/涉及：debt\.interest\.general（第 \d+ 行）、debt\.interest\.special（第 \d+ 行）/);
    expect(text).toContain('■ 社会保险基金收支净结余等于收入减支出［social-net］1 处');
  });

  it('--json gives the same, for machines', async () => {
    const { file } = writeDataset(mixed());
    const { out, lines } = capture();
    expect(await main(['validate', file, '--json'], out)).toBe(1);
    const r = JSON.parse(lines.join('\n'));
    expect(r).toMatchObject({ file, previous: null, ok: false, errors: 2, warnings: 2 });
    expect(r.groups.map((g: any) => [g.code, g.severity, g.count])).toEqual([
      ['social-net', 'error', 1],
      ['debt-interest-sum', 'error', 1],
      ['plausible-growth', 'warning', 1],
      ['plausible-reserve', 'warning', 1],
    ]);
    expect(r.issues[0]).toMatchObject({ code: 'social-net', expected: '19502', actual: '19000', fix: '请核对净结余、收入和支出' });
  });

  it('exits 0 for a clean dataset and for warnings only', async () => {
    const c = capture();
    expect(await main(['validate', LAIWU], c.out)).toBe(0);
    expect(c.lines.join('\n')).toContain('校验通过：未发现错误或警告。');
    const raw = laiwuRaw();
    raw.generalBudget.reserveFund.spent = 8200;
    const w = capture();
    expect(await main(['validate', writeDataset(raw).file], w.out)).toBe(0);
    expect(w.lines.join('\n')).toContain('校验通过，有 1 处警告');
  });

  it('takes last year\'s dataset with --previous', async () => {
    const c = capture();
    expect(await main(['validate', LAIWU, '--previous', PREVIOUS, '--json'], c.out)).toBe(0);
    expect(JSON.parse(c.lines.join('\n'))).toMatchObject({ previous: PREVIOUS, ok: true, warnings: 1 });
  });

  it('reports unreadable JSON as issues with line and column (exit 1)', async () => {
    const dir = tmp();
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "kind": "final-accounts",\n  "meta": { "year": 2024, }\n}');
    const c = capture();
    expect(await main(['validate', file, '--json'], c.out)).toBe(1);
    const r = JSON.parse(c.lines.join('\n'));
    expect(r.issues[0]).toMatchObject({ code: 'json-syntax', place: { file, line: 3 } });
  });

  it('usage errors exit 2', async () => {
    const c = capture();
    expect(await main(['validate'], c.out)).toBe(2);
    expect(await main(['validate', LAIWU, LAIWU], c.out)).toBe(2);
    expect(await main(['validate', LAIWU, '--nonsense'], c.out)).toBe(2);
    expect(await main(['validate', 'no-such.json'], c.out)).toBe(2);
    expect(await main(['validate', LAIWU, '--previous'], c.out)).toBe(2);
    expect(c.lines.join('\n')).toContain('用法错误');
    expect(c.lines.join('\n')).toContain('no-such.json');
  });

  it('is in --help', async () => {
    const c = capture();
    await main(['--help'], c.out);
    expect(c.lines.join('\n')).toContain('fiscal-report validate <数据文件> [--previous 上年数据文件] [--json]');
  });
});

describe('README', () => {
  it('documents every rule by its id', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(RULES.map((r) => r.id).filter((id) => !readme.includes(`\`${id}\``))).toEqual([]);
  });
});
