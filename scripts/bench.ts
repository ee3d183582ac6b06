/**
 * npm run bench — how fast fiscal-report is, measured on the Laiwu final-accounts report and on
 * generated datasets; prints one table. Not part of the tests (timings depend on the machine).
 *
 *   npm run bench                 # 300 generated datasets for the batch
 *   BENCH_COUNT=1000 npm run bench
 *
 * Measures the shipped code (dist/, built by `npm run build` first): a cold single build as a
 * whole process (NODE_EXTRA_CA_CERTS unset: with it every Node start pays for reading the
 * certificates), a warm build in-process (median per report, every stage included), batch
 * throughput on all cores, peak memory, and time against an extra list of 100/1,000/10,000 rows.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeDatasets } from './generate-datasets';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin', 'fiscal-report.js');
const LAIWU = join(ROOT, 'data', 'laiwu-2024.json');
const COUNT = Number(process.env.BENCH_COUNT ?? 300);
const cores = availableParallelism();

/* eslint-disable @typescript-eslint/no-require-imports */
const dist = (m: string) => require(join(ROOT, 'dist', m));
const { parseJson } = dist('load/json') as typeof import('../src/load/json');
const { loadTemplates } = dist('load/templates') as typeof import('../src/load/templates');
const { validateFinalAccounts } = dist('validate/index') as typeof import('../src/validate');
const { composeFinalAccounts } = dist('compose/final-accounts') as typeof import('../src/compose/final-accounts');
const { renderTemplate } = dist('render/engine') as typeof import('../src/render/engine');
const { markupToBlocks } = dist('render/markup') as typeof import('../src/render/markup');
const { buildReportDoc } = dist('pipeline') as typeof import('../src/pipeline');
const { packReport } = dist('docx/pack') as typeof import('../src/docx/pack');
/* eslint-enable @typescript-eslint/no-require-imports */

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const env = () => {
  const e = { ...process.env };
  delete e.NODE_EXTRA_CA_CERTS;
  return e;
};

/** Wall time of a whole process, ms. */
function timeProcess(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { env: env(), stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}

const rows: [string, string, string, string][] = [];
const row = (what: string, value: string, target: string, note = '') => {
  rows.push([what, value, target, note]);
  process.stderr.write(`  ${what}: ${value}\n`);
};

async function main() {
  process.stderr.write(`fiscal-report bench: ${cores} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  const work = mkdtempSync(join(tmpdir(), 'fiscal-bench-'));

  // 1. Cold single build, whole process. The first run writes the V8 code cache; the median is over later runs.
  const nodeZero = median(Array.from({ length: 7 }, () => timeProcess(['-e', '0'])));
  timeProcess([BIN, 'build', LAIWU, '--out', join(work, 'cold')]);
  const cold = median(Array.from({ length: 9 }, () => timeProcess([BIN, 'build', LAIWU, '--out', join(work, 'cold')])));
  const coldTsc = median(Array.from({ length: 5 }, () => {
    const t = performance.now();
    spawnSync(process.execPath, [BIN, 'build', LAIWU, '--out', join(work, 'cold')], { env: { ...env(), FISCAL_REPORT_NO_BUNDLE: '1' }, stdio: 'ignore' });
    return performance.now() - t;
  }));
  row('冷启动单份生成（整个进程，从 JSON 到 DOCX）', `${ms(cold)} ms`, '≤ 150 ms', `打包版 + V8 代码缓存；未打包 ${ms(coldTsc)} ms；node -e 0 为 ${ms(nodeZero)} ms`);

  // 2. Warm build in-process: every stage, median per report.
  const text = readFileSync(LAIWU, 'utf8');
  const templates = loadTemplates();
  const stages = { load: [] as number[], validate: [] as number[], compose: [] as number[], render: [] as number[], markup: [] as number[], docx: [] as number[], total: [] as number[] };
  for (let i = 0; i < 230; i++) {
    const t0 = performance.now();
    const loaded = parseJson(text, 'laiwu-2024.json');
    const t1 = performance.now();
    const { dataset } = validateFinalAccounts(loaded.value, loaded.sourceMap);
    const t2 = performance.now();
    const view = composeFinalAccounts(dataset!);
    const t3 = performance.now();
    const { markup, registry } = renderTemplate(templates, 'final-accounts/main', view);
    const t4 = performance.now();
    const blocks = markupToBlocks(markup, registry);
    const t5 = performance.now();
    await packReport({ properties: { title: 't', author: 'a', subject: 's', keywords: 'k', created: '2025-08-29' }, blocks });
    const t6 = performance.now();
    if (i < 30) continue; // warm-up
    stages.load.push(t1 - t0);
    stages.validate.push(t2 - t1);
    stages.compose.push(t3 - t2);
    stages.render.push(t4 - t3);
    stages.markup.push(t5 - t4);
    stages.docx.push(t6 - t5);
    stages.total.push(t6 - t0);
  }
  const ours = median(stages.load) + median(stages.validate) + median(stages.compose) + median(stages.render) + median(stages.markup);
  row('热生成（进程内，每份中位数，含校验、组稿、排版、打包）', `${ms(median(stages.total))} ms`, '≤ 10 ms',
    `读入 ${ms(median(stages.load))} · 校验 ${ms(median(stages.validate))} · 组稿 ${ms(median(stages.compose))} · 模板 ${ms(median(stages.render))} · 标记 ${ms(median(stages.markup))} · DOCX（docx 包 + 压缩）${ms(median(stages.docx))}`);
  row('  其中 DOCX 之前的各阶段合计', `${ms(ours)} ms`, '', 'docx 包生成 XML 占其余时间');

  // 3. Batch throughput on all cores over generated datasets, and peak memory.
  const batchDir = join(work, 'batch');
  writeDatasets(batchDir, COUNT, { seed: 99, config: 'fiscal-report.batch.json' });
  const config = join(batchDir, 'fiscal-report.batch.json');
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'batch', config, '--jobs', String(cores)], { env: env(), stdio: 'ignore' });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`batch exited ${r.status}`);
  const summary = JSON.parse(readFileSync(join(batchDir, 'fiscal-report.summary.json'), 'utf8'));
  row(`批量生成吞吐（${COUNT} 个生成的数据集，${cores} 核，整个进程）`, `${(COUNT / wall).toFixed(1)} 份/秒`, '≥ 150 份/秒（2 核）', `共 ${wall.toFixed(1)} 秒，已生成 ${summary.counts.built}、失败 ${summary.counts.failed}`);
  row(`批量生成峰值内存（${COUNT} 份）`, `${(summary.peakRssKb / 1024).toFixed(0)} MB`, '≤ 300 MB（1000 份）', '主线程与工作线程同属一个进程');
  const t2 = performance.now();
  spawnSync(process.execPath, [BIN, 'batch', config, '--jobs', String(cores)], { env: env(), stdio: 'ignore' });
  row('批量重跑（输入未变化，全部跳过）', `${((performance.now() - t2) / 1000).toFixed(2)} 秒`, '', `${COUNT} 个任务`);

  // 4. Time against rows: an extra list of N lines (the table block is not there yet: the income
  // lines list stands in for it, one run per row), warm, median.
  const base = JSON.parse(text);
  const scaling: [number, number][] = [];
  for (const n of [100, 1000, 10000]) {
    const ds = structuredClone(base);
    const inc = ds.generalBudget.level.income;
    for (let k = 0; k < n; k++) inc.lines.push({ label: `其他收入项目${k + 1}`, amount: 1 });
    inc.total += n;
    ds.generalBudget.level.expenditure.lines.at(-1).amount += n;
    ds.generalBudget.level.expenditure.total += n;
    const json = JSON.stringify(ds, null, 2);
    const reps = n >= 10000 ? 5 : n >= 1000 ? 15 : 40;
    const times: number[] = [];
    for (let i = 0; i < reps + 2; i++) {
      const s = performance.now();
      const { doc } = buildReportDoc(parseJson(json, 'rows.json'), templates);
      if (!doc) throw new Error('rows dataset does not build');
      await packReport(doc);
      if (i >= 2) times.push(performance.now() - s);
    }
    scaling.push([n, median(times)]);
  }
  for (const [n, tm] of scaling) row(`附加 ${n.toLocaleString('en')} 行（热生成，每份中位数）`, `${ms(tm)} ms`, n === 10000 ? '10 倍行数 ≤ 11 倍时间' : '', n === 100 ? '以收入构成项目列表代替表格（表格块尚未实现）' : '');
  const ratio = scaling[2]![1] / scaling[1]![1];
  const extra = (scaling[2]![1] - scaling[0]![1]) / (scaling[1]![1] - scaling[0]![1]);
  row('  10,000 行与 1,000 行之比', `${ratio.toFixed(2)} 倍`, '≤ 11 倍', `增量之比 ${extra.toFixed(2)}（扣除 100 行时的基数）`);

  rmSync(work, { recursive: true, force: true });

  const { table } = require(join(ROOT, 'dist', 'batch', 'text')) as typeof import('../src/batch/text');
  console.log(`\nfiscal-report 性能测试 · Node ${process.version} · ${cores} 核 · 开始时负载 ${loadavg()[0]!.toFixed(2)} · 冷启动不设 NODE_EXTRA_CA_CERTS\n`);
  console.log(table(['指标', '测得', '目标', '说明'], rows, 200));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
