import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { loadTemplates } from '../src/load/templates';
import { loadDatasetFile } from '../src/load/dataset';
import { loadLinkedReports } from '../src/load/linked';
import { buildReportDoc } from '../src/pipeline';
import { FiscalError } from '../src/model/issue';
import { blockText } from '../src/model/doc';
import { runBatch } from '../src/batch/run';
import { composeFinalAccounts } from '../src/compose/final-accounts';
import { validateFinalAccounts } from '../src/validate';
import { parseJson } from '../src/load/json';
import type { AuditMap } from '../src/audit';
import { buildFromRaw, DATA, LAIWU, laiwuRaw } from './helpers';
import { capture, tmp } from './validate-helpers';

// Template overrides by IT staff: named figures through {{fig}}, the previous year, and numbers a
// template types refused by every build.

const LANXI = join(DATA, 'lanxi-2024.json');
const lanxiRaw = () => JSON.parse(readFileSync(LANXI, 'utf8'));

/** A templates directory overriding `files` (relative name → source). */
function templatesWith(files: Record<string, string>): string {
  const dir = tmp();
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), source);
  }
  return dir;
}

const FIG_TEMPLATE = '{{!-- 上半年部分换成一段自己的话 --}}\n{{int meta.previousYear}}年以来，全区一般公共预算收入{{fig "全区一般公共预算收入增长"}}，上年为{{fig "上年"}}年。\n';

describe('{{fig "名称"}} in a custom template', () => {
  it('prints the figure in the house style (1 place, zeros kept) with its source in the audit', () => {
    const set = loadTemplates(templatesWith({ 'final-accounts/first-half.hbs': FIG_TEMPLATE }));
    const r = buildFromRaw(lanxiRaw(), 'lanxi-2024.json', set, { audit: true });
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const doc = r.doc!;
    const block = doc.blocks.findIndex((b) => blockText(b).includes('年以来'));
    expect(blockText(doc.blocks[block]!)).toBe('2023年以来，全区一般公共预算收入增长8.0%，上年为2023年。');
    const entries = r.audit!.numbers.filter((e) => e.position.block === block);
    expect(entries.map((e) => e.text)).toEqual(['2023', '增长8.0%', '2023']);
    // 增长8.0%: computed from the year's amount and last year's, each at its place in the data file.
    expect(entries[1]).toMatchObject({
      kind: 'figure',
      source: {
        derivation: '同比增长率',
        inputs: [
          { path: 'generalBudget.district.income.current.amount', dataset: 'current', value: 385620 },
          { path: 'generalBudget.district.income.current.lastYear', dataset: 'current', value: 357056 },
        ],
      },
    });
    // 上年 (meta.previousYear and the named figure 上年): derived from meta.year.
    expect(entries[0]!.source).toMatchObject({ derivation: '上年', inputs: [{ path: 'meta.year', value: 2024 }] });
    expect(entries[2]!.source).toEqual(entries[0]!.source);
    expect(r.audit!.unsourced).toEqual([]);
  });

  it('an unknown name is a template error naming the file and line, with close names', () => {
    const set = loadTemplates(templatesWith({ 'final-accounts/first-half.hbs': '上半年情况：\n全区收入{{fig "全区一般预算收入增涨"}}。\n' }));
    let err: unknown;
    try {
      buildFromRaw(lanxiRaw(), 'lanxi-2024.json', set);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FiscalError);
    const issue = (err as FiscalError).issues[0]!;
    expect(issue).toMatchObject({ code: 'template', severity: 'error', place: { line: 2, column: 5 } });
    expect(issue.place!.file).toMatch(/final-accounts\/first-half\.hbs$/);
    expect(issue.message).toContain('没有名为“全区一般预算收入增涨”的数字');
    expect(issue.message).toContain('相近的有：');
    expect(issue.message).toContain('全区一般公共预算收入增长');
    expect(issue.message).toContain('docs/view-model.md');
  });

  it('other helpers name the line too (a part the data has not)', () => {
    const set = loadTemplates(templatesWith({ 'final-accounts/first-half.hbs': '\n\n收入{{wan general.fiscalRevenue}}\n' }));
    expect(() => buildFromRaw(lanxiRaw(), 'lanxi-2024.json', set)).toThrow(/first-half\.hbs 第 3 行第 3 列：助手 wan 的参数为空/);
    // Reading into a part that is null: Handlebars gives no line here, but the message says what to do.
    const into = loadTemplates(templatesWith({ 'final-accounts/first-half.hbs': '收入{{wan general.fiscalRevenue.amount}}\n' }));
    expect(() => buildFromRaw(lanxiRaw(), 'lanxi-2024.json', into)).toThrow(/first-half\.hbs 第 1 行第 \d+ 列：读取字段“amount”时遇到空值（null：这一部分在数据中没有）：请先用 \{\{#if …\}\} 判断/);
  });
});

describe('the previous year in the view', () => {
  it('meta.previousYear is year − 1, derived from meta.year', () => {
    const loaded = parseJson(readFileSync(LAIWU, 'utf8'), LAIWU);
    const view = composeFinalAccounts(validateFinalAccounts(loaded.value, loaded.sourceMap).dataset!);
    expect(view.meta.previousYear.value.toNumber()).toBe(2023);
    expect(view.meta.previousYear.src).toEqual({ derivation: '上年', inputs: [{ path: 'meta.year' }] });
    expect(view.named.get('上年')!.num).toBe(view.meta.previousYear);
  });
});

describe('a number typed in a template', () => {
  const TYPED = { 'final-accounts/first-half.hbs': '{{!-- 注释中的 2024 不算 --}}\n上半年，全区共1200万元。\n' };

  it('fails the build: exit 1, the number, its paragraph and the template line, nothing written', async () => {
    const dir = tmp();
    const { out, lines } = capture();
    const templates = templatesWith(TYPED);
    expect(await main(['build', LAIWU, '--templates', templates, '--out', dir, '--audit'], out)).toBe(1);
    const text = lines.join('\n');
    expect(text).toMatch(/错误［模板中直接写的数字］文件 \S*final-accounts\/first-half\.hbs 第 2 行第 8 列：模板中直接写了数字“1200”/);
    expect(text).toContain('所在段落：“上半年，全区共1200万元。”');
    expect(text).toContain('用 {{fig "名称"}} 或 wan/pct 等助手输出数字，不要在模板中直接写数字。');
    expect(text).toContain('模板有 1 处错误，未生成报告');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('is refused by the pipeline itself, whatever asks (a draft too)', () => {
    const set = loadTemplates(templatesWith(TYPED));
    for (const options of [{}, { draft: true }, { audit: true }]) {
      const r = buildFromRaw(laiwuRaw(), 'laiwu-2024.json', set, options);
      expect(r.doc).toBeNull();
      expect(r.issues.filter((i) => i.code === 'template-unsourced-number').map((i) => i.actual)).toEqual(['1200']);
    }
  });

  it('in an attached report (another kind) is refused too, naming that template', async () => {
    const set = loadTemplates(templatesWith({ 'performance/main.hbs': readFileSync(join(__dirname, '..', 'templates', 'performance', 'main.hbs'), 'utf8') + '\n共有3个部门。\n' }));
    const loaded = await loadDatasetFile(LAIWU);
    const r = buildReportDoc(loaded, set, { linked: await loadLinkedReports(loaded, LAIWU) });
    expect(r.doc).toBeNull();
    const issue = r.issues.find((i) => i.code === 'template-unsourced-number')!;
    expect(issue.actual).toBe('3');
    expect(issue.place!.file).toMatch(/performance\/main\.hbs$/);
    // Standalone, the performance report is refused the same way.
    const perf = join(DATA, 'laiwu-2024-performance.json');
    const standalone = buildReportDoc(await loadDatasetFile(perf), set);
    expect(standalone.doc).toBeNull();
    expect(standalone.issues[0]).toMatchObject({ code: 'template-unsourced-number', actual: '3' });
  });

  it('fails the batch job with the same error', async () => {
    const dir = tmp();
    const templates = templatesWith(TYPED);
    const config = join(dir, 'batch.json');
    writeFileSync(config, JSON.stringify({ jobs: [{ name: '莱芜区', dataset: LAIWU, templates, out: join(dir, 'out') }], allowAbsolutePaths: true }));
    const { out } = capture();
    const { code, summary } = await runBatch(config, { concurrency: 1, log: out.log, error: out.error });
    expect(code).toBe(1);
    expect(summary.jobs[0]).toMatchObject({ status: 'failed', error: { code: 'template-unsourced-number' } });
    expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.docx')) : []).toEqual([]);
  });
});

describe('every bundled example builds with no unsourced number', () => {
  const files = readdirSync(DATA).filter((f) => f.endsWith('.json')).sort();

  it.each(files)('build --audit %s', async (f) => {
    const dir = tmp();
    const { out, lines } = capture();
    expect([f, await main(['build', join(DATA, f), '--out', dir, '--audit'], out)]).toEqual([f, 0]);
    const maps = readdirSync(dir).filter((x) => x.endsWith('.audit.json'));
    expect(maps).toHaveLength(1);
    const map = JSON.parse(readFileSync(join(dir, maps[0]!), 'utf8')) as AuditMap;
    expect(map.unsourced).toEqual([]);
    expect(map.numbers.length).toBeGreaterThan(10);
    expect(lines.join('\n')).not.toContain('template-unsourced-number');
  });
});
