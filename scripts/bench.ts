/**
 * npm run bench — how fast fiscal-report is, measured on the Laiwu final-accounts report and on
 * generated datasets; prints one table. Not part of the tests (timings depend on the machine).
 *
 *   npm run bench                 # 300 generated datasets for the batch
 *   BENCH_COUNT=1000 npm run bench
 *
 * Measures the shipped code (dist/, built by `npm run build` first): a cold single build as a
 * whole process (NODE_EXTRA_CA_CERTS unset: with it every Node start pays for reading the
 * certificates), a warm build in-process (median per report, every stage included, the attached
 * performance report too, as `fiscal-report build` makes it), batch throughput on all cores, peak
 * memory of a batch of 1,000, time against an extra table of 100/1,000/10,000 rows, and the web
 * page under 50 concurrent clients (BENCH_ONLY=web runs only that). Beside them, in the same run,
 * the peers on the same text: the `docx` package and docxtemplater (scripts/bench-peer.js) warm,
 * in a batch and at 100,000 rows, and pandoc's cold conversion.
 * Other processes on the machine slow every figure: the table notes the load average.
 */
import { spawn, spawnSync } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
const { loadLinkedJsonReports } = dist('load/linked') as typeof import('../src/load/linked');
const { dataTextSources } = dist('audit/text-sources') as typeof import('../src/audit/text-sources');
const { blockText, runsText } = dist('model/doc') as typeof import('../src/model/doc');
/* eslint-enable @typescript-eslint/no-require-imports */

const PEER = join(ROOT, 'scripts', 'bench-peer.js');
/** The peers' names as the table gives them (scripts/bench-peer.js PEERS). */
const PEER_NAMES: Record<string, string> = { docx: 'docx 包', docxtemplater: 'docxtemplater' };
/** A peer's name before Chinese text: a space after a Latin letter. */
const peerName = (peer: string) => PEER_NAMES[peer]!.replace(/[A-Za-z]$/, '$& ');
type PeerItem = { h: string } | { p: string } | { t: string[][] };
/** What the peers write for a report: its text, headings, paragraphs and tables cell by cell. */
function peerItems(doc: import('../src/model/doc').ReportDoc): PeerItem[] {
  const out: PeerItem[] = [];
  for (const b of doc.blocks) {
    if (b.type === 'pageBreak') continue;
    if (b.type === 'table') {
      if (b.title.length) out.push({ p: runsText(b.title) });
      out.push({ t: [...b.header, ...b.body].map((row) => row.map((c) => runsText(c.runs))) });
      if (b.note?.length) out.push({ p: runsText(b.note) });
    } else if (b.type === 'heading') out.push({ h: `${b.number}${runsText(b.runs)}` }, ...(b.body ? [{ p: runsText(b.body) }] : []));
    else for (const line of blockText(b).split('\n')) out.push({ p: line });
  }
  return out;
}
/** The same content as Markdown, for pandoc. */
function peerMarkdown(items: PeerItem[]): string {
  const cell = (c: string) => c.replace(/[|\\*_#<>[\]`]/g, (m) => `\\${m}`) || ' ';
  return items
    .map((it) => {
      if ('h' in it) return `# ${cell(it.h)}`;
      if ('p' in it) return cell(it.p);
      const width = Math.max(...it.t.map((r) => r.length));
      const row = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => cell(r[i] ?? '')).join(' | ')} |`;
      return [row(it.t[0]!), `|${' --- |'.repeat(width)}`, ...it.t.slice(1).map(row)].join('\n');
    })
    .join('\n\n');
}
/** Runs a command, ms, or null when it is not installed. */
function timeCommand(cmd: string, args: string[]): number | null {
  const t = performance.now();
  const r = spawnSync(cmd, args, { env: env(), stdio: 'ignore' });
  if (r.error) return null;
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}`);
  return performance.now() - t;
}

/**
 * One process of the steady-state measurement: builds the generated datasets of a directory (its
 * share of them) after warming up on the first 80, from the moment given; prints ms per report.
 */
const STEADY = `
const fs = require('fs'), path = require('path');
const [dir, procs, index, at, dist] = process.argv.slice(1);
const d = (m) => require(path.join(dist, m));
const { parseJson } = d('load/json'), { loadTemplates } = d('load/templates'), { buildReportDoc } = d('pipeline'), { packReport } = d('docx/pack'), { loadLinkedJsonReports } = d('load/linked');
const files = fs.readdirSync(dir).filter((f) => /^\\d{4}-.*\\.json$/.test(f)).sort().map((f) => path.join(dir, f));
const templates = loadTemplates();
const one = async (f) => { const loaded = parseJson(fs.readFileSync(f, 'utf8'), f); const { doc } = buildReportDoc(loaded, templates, { linked: loadLinkedJsonReports(loaded, f) }); await packReport(doc); };
(async () => {
  for (const f of files.slice(0, 80)) await one(f);
  while (Date.now() < Number(at)) await new Promise((r) => setTimeout(r, 20));
  const mine = files.filter((_, k) => k % Number(procs) === Number(index));
  const t = performance.now();
  for (const f of mine) await one(f);
  console.log((performance.now() - t) / mine.length);
})();
`;

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

/** Resident memory of a process, MB (Linux: /proc; elsewhere not measured). */
function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** A process's children (Linux: /proc; elsewhere none). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}
/** A process and all its descendants (the web server and its worker processes). */
function processTree(pid: number): number[] {
  return [pid, ...childrenOf(pid).flatMap(processTree)];
}
/** Resident memory of a process and its descendants together, MB. */
const treeRssMb = (pid: number) => processTree(pid).reduce((a, p) => a + (rssMb(p) || 0), 0);

/**
 * CPU time a process has used, ms, all its threads, and its children's: those ended and waited for
 * (cutime, cstime) and those still running (Linux: /proc; elsewhere NaN).
 */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // utime, stime, cutime and cstime: fields 14–17 of stat (12–15 after the name), in clock ticks.
    const ticks = fields.slice(11, 15).reduce((a, f) => a + Number(f), 0);
    return (ticks * 1000) / clockTicks() + childrenOf(pid).reduce((a, c) => a + (cpuMs(c) || 0), 0);
  } catch {
    return NaN;
  }
}
let ticks: number | undefined;
function clockTicks(): number {
  return (ticks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100);
}
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};

/**
 * 5. The web page under load: `fiscal-report serve` (the bundled CLI, --jobs = cores) on a loopback
 * port and BENCH_WEB_CLIENTS (50) clients at once, each repeating the writer's flow as a browser
 * without script makes it — upload the Laiwu dataset and its attached report (POST /build, which
 * answers when the build is done), follow to the result page, download the DOCX — for
 * BENCH_WEB_SECONDS (30) after a warm-up. Flows per second and their p50/p99; the server's memory
 * before, at its peak, and after the results have expired and the idle worker processes ended.
 * `distinct`: every upload's bytes differ (a run of spaces and tabs after the JSON value, counting
 * the flows), so each is validated, composed and packed: the cost of a writer's new upload.
 * Otherwise every client sends the same bytes, which a worker builds once (build.ts runWebBuild):
 * the cost of the server around a build (15 s, no memory measurement).
 */
async function webBench(distinct = true): Promise<void> {
  const clients = Number(process.env.BENCH_WEB_CLIENTS ?? 50);
  const seconds = Number(process.env.BENCH_WEB_SECONDS ?? (distinct ? 30 : 15));
  const warmup = 5;
  const ttlMs = 20_000;
  const idleMs = 5_000;
  // BENCH_WEB_PROFILE=<dir>: the server (and its threads) write CPU profiles there when it stops.
  const profile = process.env.BENCH_WEB_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_WEB_PROFILE] : [];
  // BENCH_WEB_NODE_ARGS: more Node options for the server (say --trace-gc), its output to stderr.
  const nodeArgs = (process.env.BENCH_WEB_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // BENCH_WEB_JOBS: the server's build threads (serve --jobs), the number of cores unless given.
  const jobs = Number(process.env.BENCH_WEB_JOBS ?? cores);
  const server = spawn(process.execPath, [...profile, ...nodeArgs, BIN, 'serve', '--port', '0', '--jobs', String(jobs)], {
    env: { ...env(), FISCAL_REPORT_WEB_LIMITS: JSON.stringify({ resultTtlMs: ttlMs, idleMs }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let said = '';
  server.stdout!.setEncoding('utf8').on('data', (d: string) => {
    said += d;
    if (nodeArgs.length) process.stderr.write(d);
  });
  for (let i = 0; i < 600 && !said.includes('按 Ctrl+C 停止'); i++) await new Promise((r) => setTimeout(r, 50));
  const url = /网页已启动：(http:\/\/127\.0\.0\.1:\d+)\//.exec(said)?.[1];
  if (!url) throw new Error(`serve did not start: ${said}`);
  await new Promise((r) => setTimeout(r, 1000));
  // The server's memory is its own and its worker processes' together (they end when idle).
  const started = treeRssMb(server.pid!);
  const dataset = readFileSync(LAIWU);
  const attached = readFileSync(join(ROOT, 'data', 'laiwu-2024-performance.json'));
  let flows = 0;
  /** The flow's count in binary, as spaces and tabs: JSON whitespace, so the same dataset in other bytes. */
  const unique = () => (distinct ? `\n${(flows++).toString(2).replace(/0/g, ' ').replace(/1/g, '\t')}\n` : '');
  // The clients share the server's two cores, as browsers on other machines would not: each is as
  // light as a browser's request can be made (node:http with kept-alive connections, the multipart
  // body put together from the bytes), so that their work takes as little as possible from the
  // server's. What they still use is shown (CPU per flow).
  let agent = new Agent({ keepAlive: true, maxSockets: clients });
  const call = (method: string, path: string, headers: Record<string, string | number> = {}, body?: Buffer) =>
    new Promise<{ status: number; location?: string; bytes: number }>((resolve, reject) => {
      const req = httpRequest(`${url}${path}`, { method, agent, headers: { 'accept-encoding': 'gzip', ...headers } }, (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ...(res.headers.location ? { location: res.headers.location } : {}), bytes }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  /** A form as a browser sends it: the dataset and its attached report, as files. */
  const upload = () => {
    const boundary = `----fiscal-bench-${flows}-${Math.random().toString(36).slice(2)}`;
    const part = (field: string, name: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/json\r\n\r\n`);
    const body = Buffer.concat([
      part('dataset', 'laiwu-2024.json'), dataset, Buffer.from(unique()), Buffer.from('\r\n'),
      part('attachments', 'laiwu-2024-performance.json'), attached, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { body, type: `multipart/form-data; boundary=${boundary}` };
  };
  const flow = async (): Promise<{ ms: number; ok: boolean; status: number }> => {
    const t = performance.now();
    const { body, type } = upload();
    // POST /build answers when the build is done: 303 to the result page.
    const posted = await call('POST', '/build', { 'content-type': type, 'content-length': body.length }, body);
    const id = /^\/r\/([^/?#]+)$/.exec(posted.location ?? '')?.[1];
    if (posted.status !== 303 || !id) return { ms: performance.now() - t, ok: false, status: posted.status };
    const page = await call('GET', `/r/${id}`);
    if (page.status !== 200) return { ms: performance.now() - t, ok: false, status: page.status };
    const docx = await call('GET', `/r/${id}/docx`);
    return { ms: performance.now() - t, ok: docx.status === 200 && docx.bytes > 10_000, status: docx.status };
  };
  // The baseline: the server warmed up — one flow (what a first request loads stays loaded: the
  // upload parser, the pages), then, when measuring memory, a round of the 50 clients (the code V8
  // compiles for a server under load stays compiled), its results expired and its worker processes
  // ended when idle. What the measured round leaves behind is measured against it.
  if (!(await flow()).ok) throw new Error('the first flow failed');
  await new Promise((r) => setTimeout(r, idleMs + 1500));
  const afterOne = treeRssMb(server.pid!);
  let baseline = afterOne;
  const drain = ttlMs + idleMs + 25_000;
  if (distinct && !profile.length) {
    const until = performance.now() + 10_000;
    await Promise.all(Array.from({ length: clients }, async () => {
      while (performance.now() < until) await flow().catch(() => undefined);
    }));
    agent.destroy();
    agent = new Agent({ keepAlive: true, maxSockets: clients });
    await new Promise((r) => setTimeout(r, drain));
    baseline = treeRssMb(server.pid!);
  }
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssMb(server.pid!))), 250);
  const start = performance.now();
  const measureFrom = start + warmup * 1000;
  const end = measureFrom + seconds * 1000;
  const done: { ms: number; at: number }[] = [];
  const failures = new Map<number, number>();
  let load = 0;
  let loads = 0;
  const loadSampler = setInterval(() => {
    load += loadavg()[0]!;
    loads++;
  }, 1000);
  // CPU time over the measured seconds: the server's (main thread and worker threads together) and
  // the clients' (this process). Other processes on the machine slow the flows; they do not add to
  // these, so CPU time per flow says what the flows cost whatever the load.
  let cpuFrom = { server: 0, clients: 0 };
  setTimeout(() => (cpuFrom = { server: cpuMs(server.pid!), clients: ownCpuMs() }), measureFrom - performance.now());
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const began = performance.now();
        const r = await flow().catch(() => ({ ms: 0, ok: false, status: -1 }));
        if (began < measureFrom) continue;
        if (r.ok) done.push({ ms: r.ms, at: performance.now() });
        else failures.set(r.status, (failures.get(r.status) ?? 0) + 1);
      }
    }),
  );
  const cpu = { server: cpuMs(server.pid!) - cpuFrom.server, clients: ownCpuMs() - cpuFrom.clients };
  clearInterval(sampler);
  clearInterval(loadSampler);
  const wall = (Math.max(end, ...done.map((d) => d.at)) - measureFrom) / 1000;
  const lat = done.map((d) => d.ms);
  const rate = done.length / wall;
  const failed = [...failures.entries()].map(([st, n]) => `${n} 次（状态 ${st}）`).join('、') || '无';
  const what = distinct ? '每次上传的数据各不相同，逐次校验、组稿、生成' : '各客户端上传同一份数据（工作进程按输入复用已生成的结果，只计服务器的其余工作）';
  row(`网页：${clients} 个本机客户端同时上传→生成→下载 DOCX（serve --jobs ${jobs}，打包版）：${what}`, `${rate.toFixed(1)} 次/秒`, distinct ? `≥ 40 次/秒（2 核）` : '', `${seconds} 秒内完成 ${done.length} 次（预热 ${warmup} 秒不计）；失败 ${failed}；测量期间负载平均 ${(load / Math.max(1, loads)).toFixed(1)}`);
  const perFlow = { server: cpu.server / Math.max(1, done.length), clients: cpu.clients / Math.max(1, done.length) };
  row(
    '  每次流程的 CPU 时间：服务器 / 客户端',
    `${perFlow.server.toFixed(1)} / ${perFlow.clients.toFixed(1)} ms`,
    '',
    `服务器含主进程与工作进程；按此折算，两个空闲的核约可完成 ${(2000 / (perFlow.server + perFlow.clients)).toFixed(0)} 次/秒（客户端在同一台机器上），只算服务器 ${(2000 / perFlow.server).toFixed(0)} 次/秒`,
  );
  row('  每次流程用时 p50 / p99', `${ms(percentile(lat, 50))} / ${ms(percentile(lat, 99))} ms`, distinct ? 'p99 ≤ 1000 ms' : '', `从开始上传到 DOCX 下载完毕，含排队；p90 ${ms(percentile(lat, 90))}、p95 ${ms(percentile(lat, 95))}、最长 ${ms(Math.max(...lat))} ms`);
  if (profile.length || !distinct) {
    agent.destroy();
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
    return;
  }
  // Memory: the writers are done and their connections closed (a browser closes an idle one, as
  // the server does after its keep-alive time); the results expire (resultTtlMs) and the worker
  // processes end when idle (idleMs).
  agent.destroy();
  const waited = performance.now();
  let after = treeRssMb(server.pid!);
  while (performance.now() - waited < drain) {
    await new Promise((r) => setTimeout(r, 1000));
    after = treeRssMb(server.pid!);
  }
  row(
    '  网页服务内存（主进程与工作进程合计）：开始 / 峰值 / 结果过期、空闲进程结束后',
    `${baseline.toFixed(0)} / ${peak.toFixed(0)} / ${after.toFixed(0)} MB`,
    '回到开始时的水平',
    `开始：预热一轮（50 个客户端 10 秒）、其结果过期、工作进程空闲结束后（刚启动时 ${started.toFixed(0)} MB，完成一次流程后 ${afterOne.toFixed(0)} MB）；结果保留期设为 ${ttlMs / 1000} 秒、空闲工作进程 ${idleMs / 1000} 秒后结束（FISCAL_REPORT_WEB_LIMITS），每轮之后等待 ${(drain / 1000).toFixed(0)} 秒、客户端先关闭连接`,
  );
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
}

async function main() {
  process.stderr.write(`fiscal-report bench: ${cores} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  if (process.env.BENCH_ONLY === 'web') {
    const loadStart = loadavg()[0]!;
    await webBench(true);
    await webBench(false);
    const { table } = require(join(ROOT, 'dist', 'batch', 'text')) as typeof import('../src/batch/text');
    console.log(`\nfiscal-report 性能测试（网页）· Node ${process.version} · ${cores} 核 · 负载（1 分钟平均）开始 ${loadStart.toFixed(2)}、结束 ${loadavg()[0]!.toFixed(2)}\n`);
    console.log(table(['指标', '测得', '目标', '说明'], rows, 200));
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'fiscal-bench-'));

  // 1. Cold single build, whole process, into a new output directory each time (the report and its
  // manifest are written). The V8 code cache was written by `npm run build`; one run first, in case.
  const loadStart = loadavg()[0]!;
  const nodeZero = median(Array.from({ length: 7 }, () => timeProcess(['-e', '0'])));
  let runs = 0;
  const coldRun = (extra: NodeJS.ProcessEnv = {}) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'build', LAIWU, '--out', join(work, `cold-${++runs}`)], { env: { ...env(), ...extra }, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`build exited ${r.status}`);
    return performance.now() - t;
  };
  coldRun();
  const cold = median(Array.from({ length: 11 }, () => coldRun()));
  const coldTsc = median(Array.from({ length: 5 }, () => coldRun({ FISCAL_REPORT_NO_BUNDLE: '1' })));
  row('冷启动单份生成（整个进程，从 JSON 到 DOCX）', `${ms(cold)} ms`, '≤ pandoc 冷启动', `打包版 + V8 代码缓存；未打包 ${ms(coldTsc)} ms；node -e 0 为 ${ms(nodeZero)} ms`);
  {
    const l = parseJson(readFileSync(LAIWU, 'utf8'), LAIWU);
    const md = join(work, 'laiwu.md');
    writeFileSync(md, peerMarkdown(peerItems(buildReportDoc(l, loadTemplates(), { linked: loadLinkedJsonReports(l, LAIWU) }).doc!)));
    const first = timeCommand('pandoc', [md, '-o', join(work, 'pandoc.docx')]);
    if (first === null) row('  pandoc 冷启动（同样文字的 Markdown → DOCX）', '未安装', '', '本机没有 pandoc：这一项无从比较');
    else {
      const pandoc = median(Array.from({ length: 7 }, () => timeCommand('pandoc', [md, '-o', join(work, 'pandoc.docx')])!));
      row('  pandoc 冷启动（同样文字的 Markdown → DOCX）', `${ms(pandoc)} ms`, '', `fiscal-report 冷启动为其 ${(cold / pandoc).toFixed(2)} 倍时间`);
    }
  }

  // 2. Warm build in-process: the whole build of the Laiwu report as the CLI makes it (reading the
  // JSON, the attached performance report, validation, composition, templates, markup, DOCX),
  // median per report; then each stage of the main report alone, for the breakdown.
  const text = readFileSync(LAIWU, 'utf8');
  const templates = loadTemplates();
  const total: number[] = [];
  for (let i = 0; i < 330; i++) {
    const t0 = performance.now();
    const loaded = parseJson(text, LAIWU);
    const { doc } = buildReportDoc(loaded, templates, { linked: loadLinkedJsonReports(loaded, LAIWU) });
    if (!doc) throw new Error('the Laiwu example does not build');
    await packReport(doc);
    if (i >= 30) total.push(performance.now() - t0); // warm-up
  }
  const stages = { load: [] as number[], validate: [] as number[], compose: [] as number[], render: [] as number[], markup: [] as number[], docx: [] as number[] };
  for (let i = 0; i < 230; i++) {
    const t0 = performance.now();
    const loaded = parseJson(text, 'laiwu-2024.json');
    const t1 = performance.now();
    const { dataset } = validateFinalAccounts(loaded.value, loaded.sourceMap);
    const t2 = performance.now();
    const view = composeFinalAccounts(dataset!);
    const t3 = performance.now();
    const { markup, registry } = renderTemplate(templates, 'final-accounts/main', view, { textSources: dataTextSources(dataset!.input) });
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
  }
  // The peers in-process on the same text (main report and attachment), median per report.
  const laiwuLoaded = parseJson(text, LAIWU);
  const laiwuItems = peerItems(buildReportDoc(laiwuLoaded, templates, { linked: loadLinkedJsonReports(laiwuLoaded, LAIWU) }).doc!);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const peers = require(PEER) as { render(peer: string, items: PeerItem[]): Promise<Buffer>; PEERS: string[] };
  const peerWarm = new Map<string, number>();
  for (const peer of peers.PEERS) {
    const times: number[] = [];
    for (let i = 0; i < 90; i++) {
      const t0 = performance.now();
      await peers.render(peer, laiwuItems);
      if (i >= 20) times.push(performance.now() - t0);
    }
    peerWarm.set(peer, median(times));
  }
  const main = Object.values(stages).reduce((a, xs) => a + median(xs), 0);
  row('热生成（进程内，每份中位数，含读入、校验、组稿、模板、标记、DOCX，连同附件 2 绩效报告）', `${ms(median(total))} ms`, '≤ 4 ms', '与 fiscal-report build 生成的文件相同');
  for (const [peer, t] of peerWarm)
    row(`  同样文字由 ${peerName(peer)}写出（进程内，每份中位数）`, `${ms(t)} ms`, '', `fiscal-report 为其 ${(t / median(total)).toFixed(2)} 倍速度；${peerName(peer)}不校验、不组稿、无样式与书签`);
  row('  其中主报告各阶段（中位数）', `${ms(main)} ms`, '',
    `读入 ${ms(median(stages.load))} · 校验 ${ms(median(stages.validate))} · 组稿 ${ms(median(stages.compose))} · 模板 ${ms(median(stages.render))} · 标记 ${ms(median(stages.markup))} · DOCX ${ms(median(stages.docx))}；其余为附件 2`);

  // 3. Batch throughput on all cores over generated datasets (a fresh output directory: every job
  // builds), then a rerun with nothing changed; peak memory of a batch of 1,000.
  const batch = (n: number, seed: number) => {
    const dir = join(work, `batch-${n}`);
    writeDatasets(dir, n, { seed, config: 'fiscal-report.batch.json' });
    const config = join(dir, 'fiscal-report.batch.json');
    const t = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'batch', config, '--jobs', String(cores)], { env: env(), stdio: 'ignore' });
    const wall = (performance.now() - t) / 1000;
    if (r.status !== 0) throw new Error(`batch exited ${r.status}`);
    const summary = JSON.parse(readFileSync(join(dir, 'fiscal-report.summary.json'), 'utf8'));
    return { config, wall, summary };
  };
  const b = batch(COUNT, 99);
  // The peers on the same content: each dataset's text, written by each peer in one process
  // per core, whole processes too.
  const batchDir = dirname(b.config);
  const contents = readdirSync(batchDir)
    .filter((f) => /^\d{4}-.*\.json$/.test(f))
    .sort()
    .map((f) => {
      const file = join(batchDir, f);
      const l = parseJson(readFileSync(file, 'utf8'), file);
      const { doc } = buildReportDoc(l, templates, { linked: loadLinkedJsonReports(l, file) });
      return doc ? peerItems(doc) : null;
    })
    .filter((x): x is PeerItem[] => x !== null);
  const contentsFile = join(work, 'peer-contents.json');
  writeFileSync(contentsFile, JSON.stringify(contents));
  const peerBatch = async (peer: string) => {
    const t = performance.now();
    const cs = Array.from({ length: cores }, (_, i) => spawn(process.execPath, [PEER, peer, 'batch', contentsFile, String(cores), String(i), join(work, `peer-out-${peer}`)], { env: env(), stdio: 'ignore' }));
    await Promise.all(cs.map((c) => new Promise((res, rej) => c.on('exit', (code) => (code === 0 ? res(null) : rej(new Error(`peer ${peer} exited ${code}`)))))));
    return (performance.now() - t) / 1000;
  };
  const peerWalls = new Map<string, number>();
  for (const peer of peers.PEERS) peerWalls.set(peer, await peerBatch(peer));
  row(`批量生成吞吐（${COUNT} 个生成的数据集，${cores} 核，整个进程）`, `${(COUNT / b.wall).toFixed(1)} 份/秒`, '≥ docx 包的 2 倍', `共 ${b.wall.toFixed(1)} 秒，已生成 ${b.summary.counts.built}、失败 ${b.summary.counts.failed}`);
  for (const [peer, wall] of peerWalls)
    row(`  同样文字由 ${peerName(peer)}写出（${contents.length} 份，${cores} 个进程，整个进程）`, `${(contents.length / wall).toFixed(1)} 份/秒`, '', `共 ${wall.toFixed(1)} 秒；fiscal-report 为其 ${(COUNT / b.wall / (contents.length / wall)).toFixed(2)} 倍`);
  const t2 = performance.now();
  spawnSync(process.execPath, [BIN, 'batch', b.config, '--jobs', String(cores)], { env: env(), stdio: 'ignore' });
  row('批量重跑（输入未变化，全部跳过）', `${((performance.now() - t2) / 1000).toFixed(2)} 秒`, '', `${COUNT} 个任务`);
  // How far this machine's cores scale for this work: steady-state builds (each process warmed up
  // on 80 datasets first) in one process, then in one process per core at the same time; and, for
  // comparison, a loop of arithmetic that touches no memory.
  const steady = (procs: number) => {
    const at = Date.now() + 4000; // all processes start measuring at this moment, warmed up
    const children = Array.from({ length: procs }, (_, i) =>
      spawn(process.execPath, ['-e', STEADY, dirname(b.config), String(procs), String(i), String(at), join(ROOT, 'dist')], { env: env(), stdio: ['ignore', 'pipe', 'inherit'] }),
    );
    return Promise.all(children.map((c) => new Promise<number>((res, rej) => {
      let out = '';
      c.stdout!.on('data', (d) => (out += d));
      c.on('exit', (code) => (code === 0 ? res(Number(out.trim())) : rej(new Error(`steady-state run exited ${code}`))));
    })));
  };
  const one = (await steady(1))[0]!;
  const all = await steady(cores);
  const perThread = median(all);
  const spin = (procs: number) => {
    const t = performance.now();
    const cs = Array.from({ length: procs }, () => spawn(process.execPath, ['-e', 'let x=0;for(let i=0;i<2e8;i++)x=(x*31+i)|0;'], { stdio: 'ignore' }));
    return Promise.all(cs.map((c) => new Promise((res) => c.on('exit', res)))).then(() => performance.now() - t);
  };
  const spinOne = await spin(1);
  const spinAll = await spin(cores);
  row(
    `  预热后的稳定吞吐：1 个进程 / ${cores} 个进程同时`,
    `${(1000 / one).toFixed(0)} / ${((1000 / perThread) * cores).toFixed(0)} 份/秒`,
    '',
    `每份 ${ms(one)} ms / 各 ${all.map(ms).join('、')} ms：本机 ${cores} 核并行只得 ${((one / perThread) * cores).toFixed(2)} 倍（纯运算循环为 ${((spinOne / spinAll) * cores).toFixed(2)} 倍）`,
  );
  const big = COUNT >= 1000 ? b : batch(1000, 7);
  row('批量生成峰值内存（1000 份）', `${(big.summary.peakRssKb / 1024).toFixed(0)} MB`, '≤ 250 MB', `主线程与工作线程同属一个进程；1000 份用时 ${big.wall.toFixed(1)} 秒（${(1000 / big.wall).toFixed(1)} 份/秒）`);

  // 4. Time against rows: the dataset's own table (tables[]) with N rows of three cells, the whole
  // build warm, median.
  const base = JSON.parse(text);
  const scaling: [number, number][] = [];
  for (const n of [100, 1000, 10000]) {
    const ds = structuredClone(base);
    ds.tables = [{ title: '附加明细表', unit: '万元', header: [['项目', '金额', '占比（%）']], rows: Array.from({ length: n }, (_, k) => [`明细项目${k + 1}`, 1000 + k, (k % 100) / 10]) }];
    const json = JSON.stringify(ds, null, 2);
    const reps = n >= 10000 ? 7 : n >= 1000 ? 21 : 41;
    const times: number[] = [];
    for (let i = 0; i < reps + 2; i++) {
      const s = performance.now();
      const loaded = parseJson(json, LAIWU);
      const { doc } = buildReportDoc(loaded, templates, { linked: loadLinkedJsonReports(loaded, LAIWU) });
      if (!doc) throw new Error('rows dataset does not build');
      await packReport(doc);
      if (i >= 2) times.push(performance.now() - s);
    }
    scaling.push([n, median(times)]);
  }
  for (const [n, tm] of scaling) row(`附加 ${n.toLocaleString('en')} 行的表格（热生成，每份中位数）`, `${ms(tm)} ms`, '', '数据集自带表格 tables[]，每行 3 格');
  const ratio = scaling[2]![1] / scaling[1]![1];
  const extra = (scaling[2]![1] - scaling[0]![1]) / (scaling[1]![1] - scaling[0]![1]);
  row('  10,000 行与 1,000 行之比', `${ratio.toFixed(2)} 倍`, '≤ 10.5 倍', `增量之比 ${extra.toFixed(2)}（扣除 100 行时的基数）`);

  // 100,000 rows: `fiscal-report build` as a writer runs it (a file this large is built in a worker
  // thread, cli/large-build.ts), peak memory of the whole process and the DOCX's size, against the
  // peers' for the same content.
  {
    const ds = structuredClone(base);
    ds.tables = [{ title: '附加明细表', unit: '万元', header: [['项目', '金额', '占比（%）']], rows: Array.from({ length: 100_000 }, (_, k) => [`明细项目${k + 1}`, 1000 + k, (k % 100) / 10]) }];
    const dsFile = join(work, 'rows-100000.json');
    writeFileSync(dsFile, JSON.stringify(ds, null, 2));
    // Its attached report, named relative to the dataset.
    copyFileSync(join(dirname(LAIWU), 'laiwu-2024-performance.json'), join(work, 'laiwu-2024-performance.json'));
    const peakOf = `process.on('exit', () => require('fs').writeSync(2, '\\nPEAK ' + process.resourceUsage().maxRSS + '\\n'));`;
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['-e', `${peakOf} process.argv.splice(1, 0, ${JSON.stringify(BIN)}); require(${JSON.stringify(BIN)});`, 'build', dsFile, '--out', join(work, 'rows-out')], { env: env(), encoding: 'utf8', maxBuffer: 1 << 20 });
    const t = performance.now() - t0;
    if (r.status !== 0) throw new Error(`100,000 rows: ${r.stderr}`);
    const rss = Number(/PEAK (\d+)/.exec(r.stderr)![1]);
    const outDir = join(work, 'rows-out');
    const size = statSync(join(outDir, readdirSync(outDir).find((f) => f.endsWith('.docx'))!)).size;
    // The same text for the peers: the document model, written by a process of its own.
    const script = `
const fs = require('fs'), path = require('path');
const [file, laiwu, dist, out] = process.argv.slice(1);
const d = (m) => require(path.join(dist, m));
const loaded = d('load/json').parseJson(fs.readFileSync(file, 'utf8'), laiwu);
const { doc } = d('pipeline').buildReportDoc(loaded, d('load/templates').loadTemplates(), { linked: d('load/linked').loadLinkedJsonReports(loaded, laiwu) });
fs.writeFileSync(out, JSON.stringify(doc));
`;
    const m = spawnSync(process.execPath, ['-e', script, dsFile, LAIWU, join(ROOT, 'dist'), join(work, 'rows.doc.json')], { env: env(), encoding: 'utf8' });
    if (m.status !== 0) throw new Error(`100,000 rows (model): ${m.stderr}`);
    writeFileSync(join(work, 'rows.docx.json'), JSON.stringify([peerItems(JSON.parse(readFileSync(join(work, 'rows.doc.json'), 'utf8')))]));
    const peerOne = peers.PEERS.map((name) => {
      const p = spawnSync(process.execPath, [PEER, name, 'one', join(work, 'rows.docx.json'), join(work, `rows-${name}.docx`)], { env: env(), encoding: 'utf8' });
      return { peer: name, result: p.status === 0 ? (p.stdout.trim().split(' ').map(Number) as [number, number, number]) : null, stderr: p.stderr };
    });
    const said = (f: (r: [number, number, number]) => string) => peerOne.map((q) => (q.result ? `${PEER_NAMES[q.peer]} ${f(q.result)}` : `${peerName(q.peer)}未能写出：${q.stderr.slice(0, 200)}`)).join('；');
    row('附加 100,000 行的表格（fiscal-report build，整个进程）：峰值内存', `${(rss / 1024).toFixed(0)} MB`, '≤ 600 MB', `${ms(t)} ms；同样文字：${said((r) => `${ms(r[0])} ms、峰值 ${(r[2] / 1024).toFixed(0)} MB`)}`);
    row('  其 DOCX 大小', `${(size / 1e6).toFixed(2)} MB`, '≤ 同行的 2 倍', `${said((r) => `${(r[1] / 1e6).toFixed(2)} MB，本工具为其 ${(size / r[1]).toFixed(2)} 倍`)}（长表格按段绑定：每段一个书签，供 refresh 更新）`);
  }

  rmSync(work, { recursive: true, force: true });

  await webBench(true);
  await webBench(false);

  const { table } = require(join(ROOT, 'dist', 'batch', 'text')) as typeof import('../src/batch/text');
  console.log(`\nfiscal-report 性能测试 · Node ${process.version} · ${cores} 核 · 负载（1 分钟平均）开始 ${loadStart.toFixed(2)}、结束 ${loadavg()[0]!.toFixed(2)} · 冷启动不设 NODE_EXTRA_CA_CERTS\n`);
  console.log(table(['指标', '测得', '目标', '说明'], rows, 200));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
