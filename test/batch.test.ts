import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { main } from '../src/cli';
import { builders, JOBS_UNDER_WAY_PER_THREAD, runBatch, type BatchSummary } from '../src/batch/run';
import { WORKER_DEPTH } from '../src/batch/pool';
import type { JobOutcome, JobTask } from '../src/batch/job';
import { OutputDir } from '../src/write/outputs';
import { loadBatchConfig } from '../src/batch/config';
import { FiscalError } from '../src/model/issue';
import { writeDatasets } from '../scripts/generate-datasets';
import { schemaText, SCHEMA_FILE } from '../scripts/write-schema';
import { ROOT } from './helpers';

const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-batch-'));
function capture() {
  const lines: string[] = [];
  return { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s), lines };
}
const readSummary = (dir: string): BatchSummary => JSON.parse(readFileSync(join(dir, 'fiscal-report.summary.json'), 'utf8'));
const byName = (s: BatchSummary) => Object.fromEntries(s.jobs.map((j) => [j.name, j]));
const docxIn = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? docxIn(join(dir, e.name)) : e.name.endsWith('.docx') ? [join(dir, e.name)] : []));
const configError = (fn: () => unknown): FiscalError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof FiscalError) return e;
    throw e;
  }
  throw new Error('expected a config error');
};

describe('batch config', () => {
  it('the committed JSON Schema is up to date (npm run schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });

  it('the shipped config is valid and confined', () => {
    const cfg = loadBatchConfig(join(ROOT, 'fiscal-report.batch.json'));
    // Every bundled example, each kind, and the workbook beside the JSON.
    expect(cfg.jobs.map((j) => j.dataset).sort()).toEqual(
      [
        'laiwu-2024.json',
        'laiwu-2024.xlsx',
        'laiwu-2024-performance.json',
        'laiwu-2020-performance.json',
        'licheng-2023-performance.json',
        'hecheng-2025-work-plan.json',
        'lanxi-2024.json',
        'songyan-2024.json',
        'luwan-2024.json',
        'qinghe-2024.json',
      ]
        .map((f) => join(ROOT, 'data', f))
        .sort(),
    );
    // The 澜溪区 job shows the config's style key. It names the very style file the dataset names
    // ("style": "styles/lanxi.style.json"), so the report is the one `build data/lanxi-2024.json`
    // gives: the dataset keeps its reference (the way a district keeps its style year after year,
    // and what the web page and the example's own tests read), and the config demonstrates the key
    // without a second copy of the style. test/style-file.test.ts covers a job style that differs.
    const lanxi = cfg.jobs.find((j) => j.dataset.endsWith('lanxi-2024.json'))!;
    expect(lanxi.style).toBe(join(ROOT, 'data', 'styles', 'lanxi.style.json'));
    expect(JSON.parse(readFileSync(lanxi.dataset, 'utf8')).style).toBe('styles/lanxi.style.json');
  });

  it('schema errors are in Chinese with the line of the config', () => {
    const dir = tmp();
    const file = join(dir, 'batch.json');
    writeFileSync(file, '{\n  "jobs": [\n    { "dataset": "a.json", "outt": "x" },\n    { "dataset": 5 }\n  ]\n}\n');
    const e = configError(() => loadBatchConfig(file));
    expect(e.exitCode).toBe(2);
    const text = e.issues.map((i) => `${i.place?.line} ${i.place?.path}: ${i.message}`);
    expect(text).toEqual(
      expect.arrayContaining([
        '3 jobs[0].outt: “任务·第1项”中有未知字段“outt”：请检查拼写，或删除该字段。',
        '4 jobs[1].dataset: “任务·第2项·数据文件”应为文字，实为数字 5。',
      ]),
    );
  });

  it('paths are confined to the config directory unless absolute paths are allowed', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'cfg'));
    symlinkSync(tmpdir(), join(dir, 'cfg', 'link'));
    const file = join(dir, 'cfg', 'batch.json');
    writeFileSync(
      file,
      JSON.stringify({ jobs: [{ dataset: '../x.json', out: 'ok' }, { dataset: '/etc/passwd', out: 'ok2' }, { dataset: 'a.json', out: 'link/escape' }] }, null, 2),
    );
    const e = configError(() => loadBatchConfig(file));
    const byPath = Object.fromEntries(e.issues.map((i) => [i.place?.path, i]));
    expect(byPath['jobs[0].dataset']?.code).toBe('config-path-outside');
    expect(byPath['jobs[0].dataset']?.place?.line).toBeGreaterThan(1);
    expect(byPath['jobs[1].dataset']?.code).toBe('config-absolute-path');
    expect(byPath['jobs[1].dataset']?.message).toContain('allowAbsolutePaths');
    expect(byPath['jobs[2].out']?.message).toContain('符号链接');
    // Allowed explicitly, absolute paths (and links) pass; a relative path still may not climb out.
    const allowed = configError(() => loadBatchConfig(file, { allowAbsolutePaths: true }));
    expect(allowed.issues.map((i) => i.place?.path).sort()).toEqual(['jobs[0].dataset']);
  });

  it('duplicate job names are refused', () => {
    const dir = tmp();
    const file = join(dir, 'batch.json');
    writeFileSync(file, JSON.stringify({ jobs: [{ dataset: 'a/x.json' }, { dataset: 'b/x.json' }] }, null, 2));
    expect(configError(() => loadBatchConfig(file)).issues[0]?.code).toBe('config-duplicate-job');
  });

  it('the CLI exits 2 on a bad config and names it', async () => {
    const c = capture();
    expect(await main(['batch', join(tmp(), 'none.json')], c)).toBe(2);
    expect(c.lines.join('\n')).toContain('文件不存在');
  });
});

describe('batch runs', () => {
  it('builds all good datasets in parallel, reports the broken one with its place, skips unchanged jobs, rebuilds only a changed one', async () => {
    const dir = tmp();
    const names = writeDatasets(dir, 8, { seed: 7, config: 'fiscal-report.batch.json' });
    // Break one dataset: a figure typed as text.
    const brokenFile = join(dir, names[3]!);
    const broken = JSON.parse(readFileSync(brokenFile, 'utf8'));
    const good = structuredClone(broken);
    broken.generalBudget.district.income.total = '1,165,436';
    const text = JSON.stringify(broken, null, 2) + '\n';
    writeFileSync(brokenFile, text);
    const line = text.split('\n').findIndex((l) => l.includes('"1,165,436"')) + 1;
    const brokenJob = names[3]!.replace(/\.json$/, '');
    const config = join(dir, 'fiscal-report.batch.json');

    const c1 = capture();
    const r1 = await runBatch(config, { concurrency: 2, ...c1 });
    expect(r1.code).toBe(1);
    const s1 = readSummary(dir);
    expect(s1.concurrency).toBe(2);
    expect(s1.counts).toEqual({ total: 8, built: 7, unchanged: 0, kept: 0, failed: 1 });
    const failed = byName(s1)[brokenJob]!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'schema-invalid-type', path: 'generalBudget.district.income.total', line });
    expect(failed.error!.file).toContain(names[3]);
    const log = c1.lines.join('\n');
    expect(log).toContain(`失败  ${brokenJob}：错误［缺少或类型不对的数据］文件 `);
    expect(log).toContain('（数据路径 generalBudget.district.income.total）');
    expect(log).toContain(`第 ${line} 行`);
    expect(log).toMatch(/已生成\s+7/);
    expect(docxIn(join(dir, 'output'))).toHaveLength(7);
    for (const f of docxIn(join(dir, 'output'))) expect(() => unzipSync(readFileSync(f))).not.toThrow();

    // Second run: every good job is skipped (nothing rewritten); the broken one fails again.
    const mtimes = new Map(docxIn(join(dir, 'output')).map((f) => [f, statSync(f).mtimeMs]));
    const r2 = await runBatch(config, { concurrency: 2, ...capture() });
    expect(r2.code).toBe(1);
    expect(r2.summary.counts).toMatchObject({ built: 0, unchanged: 7, failed: 1 });
    expect(r2.summary.jobs.filter((j) => j.status === 'unchanged').every((j) => j.reason === 'inputs-unchanged')).toBe(true);
    for (const [f, m] of mtimes) expect(statSync(f).mtimeMs).toBe(m);

    // Fixed: only that job builds; then a run skips everything and exits 0.
    writeFileSync(brokenFile, JSON.stringify(good, null, 2) + '\n');
    const r3 = await runBatch(config, { concurrency: 2, ...capture() });
    expect(r3.code).toBe(0);
    expect(r3.summary.counts).toMatchObject({ built: 1, unchanged: 7, failed: 0 });
    expect(byName(r3.summary)[brokenJob]!.status).toBe('built');
    const r4 = await runBatch(config, { concurrency: 2, ...capture() });
    expect(r4.code).toBe(0);
    expect(r4.summary.counts).toMatchObject({ built: 0, unchanged: 8 });

    // Changing one dataset rebuilds only its job.
    const changedFile = join(dir, names[5]!);
    const changed = JSON.parse(readFileSync(changedFile, 'utf8'));
    changed.generalBudget.reserveFund.spent = changed.generalBudget.reserveFund.arranged - 1;
    writeFileSync(changedFile, JSON.stringify(changed, null, 2) + '\n');
    const r5 = await runBatch(config, { concurrency: 2, ...capture() });
    expect(r5.summary.counts).toMatchObject({ built: 1, unchanged: 7 });
    expect(r5.summary.jobs.filter((j) => j.status === 'built').map((j) => j.name)).toEqual([names[5]!.replace(/\.json$/, '')]);

    // --force rebuilds everything, and identical input gives identical bytes: nothing changes on disk.
    const r6 = await runBatch(config, { concurrency: 2, force: true, ...capture() });
    expect(r6.summary.counts).toMatchObject({ built: 0, unchanged: 8 });
    expect(r6.summary.jobs.every((j) => j.reason === 'same-bytes')).toBe(true);
  });

  it('a missing dataset fails its job only; templates and tool are part of the key', async () => {
    const dir = tmp();
    const names = writeDatasets(dir, 2, { seed: 3 });
    mkdirSync(join(dir, 'tpl', 'final-accounts'), { recursive: true });
    writeFileSync(
      join(dir, 'batch.json'),
      JSON.stringify({ jobs: [{ dataset: names[0] }, { dataset: 'missing.json' }, { dataset: names[1], templates: 'tpl', out: 'custom' }] }, null, 2),
    );
    const r1 = await runBatch(join(dir, 'batch.json'), { concurrency: 1, ...capture() });
    expect(r1.code).toBe(1);
    expect(byName(r1.summary)['missing']!.error!.message).toContain('文件不存在');
    expect(r1.summary.counts).toMatchObject({ built: 2, failed: 1 });
    // A template change rebuilds the job that uses the override directory, and only it.
    writeFileSync(join(dir, 'tpl', 'final-accounts', 'debt.hbs'), '本区政府债务余额{{wan debt.balance.total}}。\n');
    const r2 = await runBatch(join(dir, 'batch.json'), { concurrency: 1, ...capture() });
    expect(r2.summary.jobs.filter((j) => j.status === 'built').map((j) => j.name)).toEqual([names[1]!.replace(/\.json$/, '')]);
  });

  it('leaves an edited draft untouched and writes the new build beside it', async () => {
    const dir = tmp();
    const names = writeDatasets(dir, 2, { seed: 11, config: 'fiscal-report.batch.json' });
    const config = join(dir, 'fiscal-report.batch.json');
    await runBatch(config, { concurrency: 1, ...capture() });
    const job = names[0]!.replace(/\.json$/, '');
    const [draft] = docxIn(join(dir, 'output', job));
    // A writer edits the draft (any change of bytes counts).
    const edited = Buffer.concat([readFileSync(draft!), Buffer.from('edited')]);
    writeFileSync(draft!, edited);
    // Unchanged inputs: nothing to do, the edited draft stays.
    expect((await runBatch(config, { concurrency: 1, ...capture() })).summary.counts).toMatchObject({ unchanged: 2 });
    // Revised figures: the new build goes beside the draft.
    const file = join(dir, names[0]!);
    const ds = JSON.parse(readFileSync(file, 'utf8'));
    ds.generalBudget.reserveFund.spent = ds.generalBudget.reserveFund.arranged - 2;
    writeFileSync(file, JSON.stringify(ds, null, 2) + '\n');
    const c = capture();
    const r = await runBatch(config, { concurrency: 1, ...c });
    expect(r.code).toBe(0);
    expect(readFileSync(draft!).equals(edited)).toBe(true);
    const beside = draft!.replace(/\.docx$/, '（新版）.docx');
    expect(existsSync(beside)).toBe(true);
    const j = byName(r.summary)[job]!;
    expect(j.status).toBe('kept');
    expect(j.outputs).toEqual([{ file: beside, status: 'kept', editedFile: draft }]);
    expect(c.lines.join('\n')).toContain('已被修改，新稿另存为');
    // Revised again: the （新版） file is ours, so it is replaced rather than a （新版2） added.
    ds.generalBudget.reserveFund.spent = ds.generalBudget.reserveFund.arranged - 3;
    writeFileSync(file, JSON.stringify(ds, null, 2) + '\n');
    await runBatch(config, { concurrency: 1, ...capture() });
    expect(readFileSync(draft!).equals(edited)).toBe(true);
    expect(readdirSync(join(dir, 'output', job)).filter((n) => n.endsWith('.docx')).sort()).toEqual([draft, beside].map((f) => f!.split('/').pop()).sort());
  });

  it('holds no more built, unwritten jobs than its bound: a disk slower than the builds holds the builds back, not reports in memory', async () => {
    const dir = tmp();
    const jobs = JOBS_UNDER_WAY_PER_THREAD + 4;
    writeDatasets(dir, jobs, { seed: 21, config: 'fiscal-report.batch.json' });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const real = OutputDir.prototype.writeAllAsync;
    let calls = 0;
    // Every write waits at the gate, as on a disk that has not answered yet.
    const spy = jest.spyOn(OutputDir.prototype, 'writeAllAsync').mockImplementation(async function (this: OutputDir, ...args) {
      calls++;
      await gate;
      return real.apply(this, args);
    });
    try {
      const run = runBatch(join(dir, 'fiscal-report.batch.json'), { concurrency: 1, ...capture() });
      for (let waited = 0; calls < JOBS_UNDER_WAY_PER_THREAD && waited < 60_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      // Time for several more builds: none starts while the first jobs wait to be written.
      await new Promise((r) => setTimeout(r, 1500));
      expect(calls).toBe(JOBS_UNDER_WAY_PER_THREAD);
      open();
      const r = await run;
      expect(r.summary.counts.built).toBe(jobs);
      expect(calls).toBe(jobs);
    } finally {
      spy.mockRestore();
    }
  });

  it('two jobs may not write the same file', async () => {
    const dir = tmp();
    const names = writeDatasets(dir, 1, { seed: 5 });
    writeFileSync(join(dir, 'batch.json'), JSON.stringify({ jobs: [{ name: 'a', dataset: names[0] }, { name: 'b', dataset: names[0] }] }));
    const r = await runBatch(join(dir, 'batch.json'), { concurrency: 1, ...capture() });
    expect(r.code).toBe(1);
    expect(byName(r.summary)['b']!.error!.message).toContain('与任务“a”的输出同名');
  });
});

describe('a job writes only inside its output directory', () => {
  it('a title never names a path', () => {
    const { safeFileName, confinedPath } = require('../src/write/outputs') as typeof import('../src/write/outputs');
    expect(safeFileName('../../etc/关于/报告')).toBe('_.._etc_关于_报告');
    expect(safeFileName('..')).toBe('report');
    expect(safeFileName('a:b*c?"<>|')).toBe('a_b_c_____');
    expect(Buffer.byteLength(safeFileName('关'.repeat(200)))).toBeLessThanOrEqual(180);
    // Whole characters, as many as fit: 60 of 3 bytes; a character outside the BMP is never cut in two.
    expect(safeFileName('关'.repeat(32767))).toBe('关'.repeat(60));
    expect(safeFileName('𠮷'.repeat(100))).toBe('𠮷'.repeat(45));
    // Windows device names, with or without an extension, are not file names there.
    expect(['NUL', 'con', 'Com1', 'LPT9.报告', 'aux.'].map((t) => safeFileName(t))).toEqual(['_NUL', '_con', '_Com1', '_LPT9.报告', '_aux.']);
    expect(safeFileName('CONTENT')).toBe('CONTENT');
    expect(() => confinedPath('/tmp/out', '../x.docx')).toThrow();
    expect(() => confinedPath('/tmp/out', 'sub/x.docx')).toThrow();
    expect(confinedPath('/tmp/out', 'x.docx')).toBe('/tmp/out/x.docx');
  });
});

describe('who builds a batch: this thread with worker threads, or worker threads alone', () => {
  jest.setTimeout(120_000);

  /** The same generated datasets in a folder of their own, with their batch config. */
  const datasets = (count: number) => {
    const dir = tmp();
    writeDatasets(dir, count, { seed: 11, config: 'fiscal-report.batch.json' });
    return dir;
  };
  const reports = (dir: string) => new Map(docxIn(join(dir, 'output')).map((f) => [f.slice(dir.length), readFileSync(f).toString('base64')]));

  it('writes the same reports either way, and says which in the summary', async () => {
    const [a, b] = [datasets(7), datasets(7)];
    const both = await runBatch(join(a, 'fiscal-report.batch.json'), { concurrency: 2, buildHere: true, ...capture() });
    const workersOnly = await runBatch(join(b, 'fiscal-report.batch.json'), { concurrency: 2, buildHere: false, ...capture() });
    expect(both.summary.builders).toEqual({ thisThread: true, workerThreads: 1 });
    expect(workersOnly.summary.builders).toEqual({ thisThread: false, workerThreads: 2 });
    expect(both.summary.counts).toEqual({ total: 7, built: 7, unchanged: 0, kept: 0, failed: 0 });
    expect(workersOnly.summary.counts).toEqual(both.summary.counts);
    const ra = reports(a);
    expect(ra.size).toBe(7);
    expect(reports(b)).toEqual(ra);
    // One builder is this thread alone, whatever the young generation.
    const one = await runBatch(join(b, 'fiscal-report.batch.json'), { concurrency: 1, buildHere: false, force: true, ...capture() });
    expect(one.summary.builders).toEqual({ thisThread: true, workerThreads: 0 });
    expect(reports(b)).toEqual(ra);
  });

  it('builds on this thread only when its young generation was capped as Node started, read as Node reads its options', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { youngGenerationCapped: capped } = require('../src/heap') as typeof import('../src/heap');
    expect(capped([], '')).toBe(false);
    expect(capped(['--max-semi-space-size=8'], '')).toBe(true);
    expect(capped(['--max_semi_space_size=16'], '')).toBe(true);
    expect(capped(['--max-semi-space-size', '8'], '')).toBe(true);
    expect(capped([], '--max-old-space-size=4096 --max-semi-space-size=8')).toBe(true);
    expect(capped(['--max-semi-space-size=64'], '')).toBe(false);
    // The command line overrides NODE_OPTIONS; of two on the command line, the last.
    expect(capped(['--max-semi-space-size=64'], '--max-semi-space-size=8')).toBe(false);
    expect(capped(['--max-semi-space-size=8'], '--max-semi-space-size=64')).toBe(true);
    expect(capped(['--max-semi-space-size=8', '--max_semi_space_size=64'], '')).toBe(false);
  });

  // The CLI's second start (bin/fiscal-report.js): a probe loaded with -r is carried into it (it keeps
  // the first start's options) and records, at exit, the options and environment the batch ran with.
  const relaunches = process.platform === 'linux' && typeof (process as { execve?: unknown }).execve === 'function';
  (relaunches ? it : it.skip)('the CLI runs a batch with its young generation capped and malloc held to two arenas, keeping an arena count the administrator set', () => {
    const dir = datasets(2);
    const probe = join(dir, 'probe.cjs');
    const seen = join(dir, 'seen.json');
    writeFileSync(probe, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ pid: process.pid, execArgv: process.execArgv, env: process.env })));`);
    const run = (env: NodeJS.ProcessEnv) => {
      const r = require('node:child_process').spawnSync(process.execPath, ['-r', probe, join(ROOT, 'bin', 'fiscal-report.js'), 'batch', join(dir, 'fiscal-report.batch.json'), '--jobs', '2', '--force'], { env, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return { spawned: r.pid as number, ...(JSON.parse(readFileSync(seen, 'utf8')) as { pid: number; execArgv: string[]; env: NodeJS.ProcessEnv }) };
    };
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    const own = run(env);
    expect(own.pid).toBe(own.spawned); // the same process: execve replaced its program
    expect(own.execArgv).toContain('--max-semi-space-size=8');
    expect(own.env.MALLOC_ARENA_MAX).toBe('2');
    expect(own.env.FISCAL_REPORT_MALLOC_ARENAS_SET).toBe('1');
    expect(readSummary(dir).builders).toEqual({ thisThread: true, workerThreads: 1 });
    const administrators = run({ ...env, MALLOC_ARENA_MAX: '4' });
    expect(administrators.env.MALLOC_ARENA_MAX).toBe('4');
    expect(administrators.env.FISCAL_REPORT_MALLOC_ARENAS_SET).toBeUndefined();
    // Set through glibc's tunables: left to them.
    const tunables = run({ ...env, GLIBC_TUNABLES: 'glibc.malloc.arena_max=3' });
    expect(tunables.env.MALLOC_ARENA_MAX).toBeUndefined();
    expect(tunables.env.GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=3');
    expect(tunables.execArgv).toContain('--max-semi-space-size=8');
  });

  it('gives each job to the first free builder: an idle worker, then this thread, then the worker\'s next places', async () => {
    const task = (i: number) => ({ job: { index: i, name: `j${i}`, dataset: `d${i}.json`, out: 'out' }, force: false, tool: 't', templatesHash: 'h' }) as JobTask;
    const done = (): JobOutcome => ({ status: 'failed', issues: [], message: 'x', ms: 1 });
    const sent: string[] = [];
    const inPool: (() => void)[] = [];
    const pool = { run: (t: JobTask) => (sent.push(`worker ${t.job.name}`), new Promise<JobOutcome>((r) => inPool.push(() => r(done())))) };
    const here: (() => void)[] = [];
    const execute = builders(pool, 1, true, (t) => (sent.push(`here ${t.job.name}`), new Promise<JobOutcome>((r) => here.push(() => r(done())))));
    const settle = () => new Promise((r) => setImmediate(r));
    // One job more than the two builders can hold: the worker takes the first, this thread the
    // second, the worker its next places (it goes on while this thread builds); the last waits.
    const n = WORKER_DEPTH + 2;
    const results = Array.from({ length: n }, (_, i) => execute(task(i), () => {}));
    await settle();
    const heldByWorker = ['worker j0', ...Array.from({ length: WORKER_DEPTH - 1 }, (_, k) => `worker j${k + 2}`)];
    expect(WORKER_DEPTH).toBeGreaterThanOrEqual(2);
    expect(sent).toEqual([...heldByWorker, 'here j1']);
    // The last waits for whichever builder frees first: this thread here.
    here.shift()!();
    await settle();
    await settle();
    expect(sent).toEqual([...heldByWorker, 'here j1', `here j${n - 1}`]);
    inPool.splice(0).forEach((f) => f());
    here.splice(0).forEach((f) => f());
    await Promise.all(results);
    // Worker threads alone: this thread never builds.
    const alone: string[] = [];
    const only = builders({ run: (t: JobTask) => (alone.push(t.job.name), Promise.resolve(done())) }, 2, false, () => Promise.reject(new Error('not here')));
    await Promise.all([0, 1, 2, 3, 4].map((i) => only(task(i), () => {})));
    expect(alone).toEqual(['j0', 'j1', 'j2', 'j3', 'j4']);
  });

  (process.platform === 'win32' ? it.skip : it)('`fiscal-report batch` starts with the cap and builds on its own thread too', () => {
    const dir = datasets(3);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'fiscal-report.js'), 'batch', join(dir, 'fiscal-report.batch.json'), '--jobs', '2'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const s = readSummary(dir);
    expect(s.builders).toEqual({ thisThread: true, workerThreads: 1 });
    expect(s.counts).toMatchObject({ total: 3, built: 3, failed: 0 });
  });
});
