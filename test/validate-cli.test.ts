import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { RULES } from '../src/validate/rules';
import { LAIWU, laiwuRaw, ROOT } from './helpers';
import { capture, placeOf, PREVIOUS, tmp, validateCli, writeDataset } from './validate-helpers';

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
    expect(c.lines.join('\n')).toContain('fiscal-report validate <数据文件> [--previous 上年数据文件] [--style 格式文件] [--json]');
  });
});

describe('fiscal-report validate: every report kind, and the reports a dataset attaches', () => {
  const perfRaw = (): any => JSON.parse(readFileSync(join(ROOT, 'data', 'laiwu-2024-performance.json'), 'utf8'));

  it('validates the performance report and the work plan by their own rules', async () => {
    for (const f of ['laiwu-2024-performance.json', 'hecheng-2025-work-plan.json', 'licheng-2023-performance.json']) {
      const c = capture();
      expect([f, await main(['validate', join(ROOT, 'data', f)], c.out)]).toEqual([f, 0]);
      expect(c.lines.join('\n')).toContain('校验通过：未发现错误或警告。');
    }
    const perf = perfRaw();
    perf.figures['整体自评部门数'].value = 61; // 56 + 6 = 62
    perf.sections[0].sections.push({ heading: '空的部分' });
    const { exit, report, text } = await validateCli(perf);
    expect(exit).toBe(1);
    expect(report.groups.map((g: any) => [g.code, g.severity, g.count])).toEqual([
      ['figure-sum', 'error', 1],
      ['narrative-empty-section', 'warning', 1],
    ]);
    expect(report.groups[1].description).toBe('没有内容的部分（报告中省略）');
    expect(report.issues[0].place).toMatchObject({ path: 'figures.整体自评部门数.value', ...placeOf(text, ['figures', '整体自评部门数', 'value']) });
  });

  it('checks the reports a final-accounts dataset attaches, each problem placed in its own file', async () => {
    const dir = tmp();
    const perf = perfRaw();
    perf.figures['整体自评部门数'].value = 61;
    perf.sections[1].items[0].text = '有的单位{{没有的数据}}。';
    const perfText = JSON.stringify(perf, null, 2);
    writeFileSync(join(dir, 'laiwu-2024-performance.json'), perfText);
    const file = join(dir, 'laiwu.json');
    writeFileSync(file, JSON.stringify(laiwuRaw(), null, 2));
    const c = capture();
    expect(await main(['validate', file, '--json'], c.out)).toBe(1);
    const r = JSON.parse(c.lines.join('\n'));
    expect(r).toMatchObject({ file, ok: false, errors: 2, warnings: 0 });
    const perfFile = join(dir, 'laiwu-2024-performance.json');
    expect(r.issues.map((i: any) => [i.code, i.place.file, i.place.path, i.place.line])).toEqual([
      ['figure-sum', perfFile, 'figures.整体自评部门数.value', placeOf(perfText, ['figures', '整体自评部门数', 'value']).line],
      ['prose-unknown-figure', perfFile, 'sections[1].items[0].text', placeOf(perfText, ['sections', 1, 'items', 0, 'text']).line],
    ]);
    // In text, the attached file is named in each line.
    const t = capture();
    expect(await main(['validate', file], t.out)).toBe(1);
    expect(t.lines.join('\n')).toMatch(/错误 \[figure-sum\] 文件 .*laiwu-2024-performance\.json 第 \d+ 行第 \d+ 列（figures\.整体自评部门数\.value）/);
  });

  it('names an attached file that cannot be read at its entry, and checks an embedded report in place', async () => {
    const raw = laiwuRaw();
    raw.meta.attachments[1] = { report: 'no-such-report.json' };
    const missing = await validateCli(raw);
    expect(missing.exit).toBe(1);
    expect(missing.report.issues).toEqual([
      expect.objectContaining({ code: 'attachment-file', place: expect.objectContaining({ file: missing.file, path: 'meta.attachments[1].report', ...placeOf(missing.text, ['meta', 'attachments', 1, 'report']) }) }),
    ]);
    const perf = perfRaw();
    perf.figures['整体自评部门数'].value = 61;
    raw.meta.attachments[1] = { report: perf };
    const embedded = await validateCli(raw);
    expect(embedded.report.issues).toEqual([
      expect.objectContaining({ code: 'figure-sum', place: expect.objectContaining({ file: embedded.file, path: 'meta.attachments[1].report.figures.整体自评部门数.value', ...placeOf(embedded.text, ['meta', 'attachments', 1, 'report', 'figures', '整体自评部门数', 'value']) }) }),
    ]);
  });

  it('an unknown kind is an error naming the kinds; --previous with a narrative report is a usage error', async () => {
    const { exit, report } = await validateCli({ kind: 'budget' });
    expect(exit).toBe(1);
    expect(report.issues[0]).toMatchObject({ code: 'schema-kind', place: { path: 'kind' } });
    const c = capture();
    expect(await main(['validate', join(ROOT, 'data', 'hecheng-2025-work-plan.json'), '--previous', PREVIOUS], c.out)).toBe(2);
    expect(c.lines.join('\n')).toContain('--previous（上年数据）只用于决算报告数据');
  });
});

describe('README', () => {
  it('documents every rule by its id', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(RULES.map((r) => r.id).filter((id) => !readme.includes(`\`${id}\``))).toEqual([]);
  });
});
