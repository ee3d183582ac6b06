import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { main } from '../src/cli';
import { DATA, ROOT } from './helpers';

// The release a bureau carries in (npm run release, scripts/release.js), built once for this file:
// the npm package installed offline into an empty prefix, and the Linux single executable run with
// no Node on PATH. The executables need Node's binaries from the npm registry (or npm's cache);
// where npm cannot get them, those tests are skipped with the reason.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nodeBinary, hostTarget, pinnedVersion, npmCommand } = require('../scripts/node-binary.js') as {
  nodeBinary: (target: string, version?: string) => string;
  hostTarget: () => string;
  pinnedVersion: () => string;
  npmCommand: () => { file: string; args: string[]; shell: boolean };
};

interface Summary {
  version: string;
  tarball: string;
  executables: { target: string; file: string; node: string }[];
  skipped: { target: string; reason: string }[];
}

const NODE = pinnedVersion();
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; engines: { node: string } };

/** Whether npm can get Node's binary for a target (a download the first time, then npm's cache); why not. */
function canGet(target: string): string | null {
  try {
    nodeBinary(target);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
const NO_LINUX = hostTarget() !== 'linux-x64' ? `本机不是 Linux x64（${hostTarget()}）` : canGet('linux-x64');
const NO_WINDOWS = NO_LINUX ?? canGet('win-x64');
if (NO_LINUX) console.warn(`无法取得 Node.js ${NODE}（linux-x64）：跳过 Linux 可执行文件的测试。${NO_LINUX}`);
if (NO_WINDOWS && !NO_LINUX) console.warn(`无法取得 Node.js ${NODE}（win-x64）：跳过 Windows 可执行文件的检查。${NO_WINDOWS}`);

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `fiscal-report-${prefix}-`));
const documentXml = (docx: string) => strFromU8(unzipSync(readFileSync(docx))['word/document.xml']!);
const said = (r: SpawnSyncReturns<string>) => `退出码 ${r.status}\n${r.stdout}\n${r.stderr}`;

/** A folder with the Laiwu example (and the report it attaches) and the examples' batch config, as a writer's folder. */
function writersFolder(): string {
  const dir = tmp('writer');
  cpSync(DATA, join(dir, 'data'), { recursive: true });
  cpSync(join(ROOT, 'schema'), join(dir, 'schema'), { recursive: true });
  cpSync(join(ROOT, 'fiscal-report.batch.json'), join(dir, 'fiscal-report.batch.json'));
  return dir;
}

const REPORT = '关于莱芜区2024年决算和2025年上半年预算执行情况的报告.docx';

let out: string;
let summary: Summary;
/** The example's document.xml as the sources build it (this process's Node). */
let expected: string;
const cleanup: string[] = [];

beforeAll(async () => {
  const dir = tmp('source');
  cleanup.push(dir);
  const quiet = { log: () => {}, error: (s: string) => console.error(s) };
  expect(await main(['build', join(DATA, 'laiwu-2024.json'), '--out', dir], quiet)).toBe(0);
  expected = documentXml(join(dir, REPORT));

  out = tmp('release');
  cleanup.push(out);
  const targets = [...(NO_LINUX ? [] : ['linux-x64']), ...(NO_WINDOWS ? [] : ['win-x64'])];
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'release.js'), '--out', out, '--targets', targets.join(','), '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20 * 60 * 1000,
  });
  if (r.status !== 0) throw new Error(`npm run release 失败：${said(r)}`);
  summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as Summary;
  for (const s of summary.skipped) console.warn(`发布时未生成 ${s.target} 可执行文件：${s.reason}`);
}, 25 * 60 * 1000);

afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

describe('the npm package of a release', () => {
  let prefix: string;
  let installed: string;

  beforeAll(() => {
    prefix = tmp('prefix');
    cleanup.push(prefix);
    installed = join(prefix, 'lib', 'node_modules', PKG.name);
  });

  it('is named for the version, with SHA-256 sums beside it', () => {
    expect(summary.tarball).toBe(join(out, `${PKG.name}-${PKG.version}.tgz`));
    const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8');
    expect(sums).toMatch(new RegExp(`^[0-9a-f]{64}  ${PKG.name}-${PKG.version}\\.tgz$`, 'm'));
  });

  it('installs offline into an empty prefix: no build step, no dependencies, nothing from a registry or cache', () => {
    const cache = tmp('empty-npm-cache');
    cleanup.push(cache);
    const npm = npmCommand();
    const r = spawnSync(npm.file, [...npm.args, 'install', '-g', summary.tarball, '--prefix', prefix, '--offline', '--omit=dev', '--cache', cache, '--no-audit', '--no-fund'], {
      encoding: 'utf8',
      cwd: prefix,
      shell: npm.shell,
      timeout: 5 * 60 * 1000,
    });
    expect(said(r)).toMatch(/^退出码 0/);
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: PKG.name, version: PKG.version, engines: PKG.engines });
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.scripts).toBeUndefined();
    expect(existsSync(join(installed, 'node_modules'))).toBe(false);
    // Built: the bundles (no code caches: those are written by the first runs), no tsc output, no sources.
    expect(readdirSync(join(installed, 'dist', 'bundle')).sort()).toEqual(['build-worker.cjs', 'exceljs.cjs', 'index.cjs', 'web.cjs', 'worker.cjs']);
    expect(readdirSync(join(installed, 'dist'))).toEqual(['bundle']);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    // On a supported Node, npm has nothing to warn about.
    const major = Number(process.versions.node.split('.')[0]);
    if (major === 22 || major === 24) expect(r.stderr).not.toMatch(/EBADENGINE|npm warn/);
  });

  it('builds and validates from any folder (a JSON dataset, a workbook)', () => {
    const dir = writersFolder();
    cleanup.push(dir);
    const env = { ...process.env, PATH: [join(prefix, 'bin'), dirname(process.execPath)].join(delimiter) };
    const cli = join(prefix, 'bin', 'fiscal-report');
    let r = spawnSync(cli, ['build', 'data/laiwu-2024.json', '--out', 'out'], { cwd: dir, env, encoding: 'utf8' });
    expect(said(r)).toMatch(/^退出码 0/);
    expect(documentXml(join(dir, 'out', REPORT))).toBe(expected);
    r = spawnSync(cli, ['validate', 'data/laiwu-2024.xlsx'], { cwd: dir, env, encoding: 'utf8' });
    expect(said(r)).toMatch(/^退出码 0/);
    expect(r.stdout).toContain('校验');
  });
});

(NO_LINUX ? describe.skip : describe)('the Linux single executable of a release', () => {
  let exe: string;
  let home: string;
  let noNode: string;
  let dir: string;
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(exe, args, { cwd: dir, env: { HOME: home, PATH: noNode, LANG: 'C.UTF-8', ...env }, encoding: 'utf8', timeout: 5 * 60 * 1000 });

  beforeAll(() => {
    exe = summary.executables.find((e) => e.target === 'linux-x64')!.file;
    home = tmp('home');
    // PATH: an empty folder, so no node (nor anything else) can be found.
    noNode = tmp('empty-path');
    dir = writersFolder();
    cleanup.push(home, noNode, dir);
  });

  it('is Node of .node-version with the application, named for the version', () => {
    expect(summary.executables.find((e) => e.target === 'linux-x64')).toEqual({ target: 'linux-x64', file: join(out, `${PKG.name}-${PKG.version}-linux-x64`), node: NODE });
    expect(readFileSync(join(out, 'SHA256SUMS'), 'utf8')).toContain(`  ${PKG.name}-${PKG.version}-linux-x64\n`);
    const r = run(['--version']);
    expect(said(r)).toBe(`退出码 0\n${PKG.version}\n\n`);
  });

  it('builds the example with no Node on PATH, the same document as from the sources', () => {
    expect(spawnSync('/bin/sh', ['-c', 'command -v node'], { env: { PATH: noNode } }).status).not.toBe(0);
    const r = run(['build', 'data/laiwu-2024.json', '--out', 'out']);
    expect(said(r)).toMatch(/^退出码 0/);
    expect(documentXml(join(dir, 'out', REPORT))).toBe(expected);
    // The package folder was written once into the user's cache, the code caches beside its bundles.
    const cached = readdirSync(join(home, '.cache', 'fiscal-report'));
    expect(cached).toEqual([expect.stringMatching(new RegExp(`^${PKG.version.replace(/\./g, '\\.')}-[0-9a-f]{16}$`))]);
    expect(readdirSync(join(home, '.cache', 'fiscal-report', cached[0]!, 'dist', 'bundle'))).toContain('index.cjs.v8cache');
  });

  it('writes its package folder again when part of it was deleted', () => {
    const [cached] = readdirSync(join(home, '.cache', 'fiscal-report'));
    const bundle = join(home, '.cache', 'fiscal-report', cached!, 'dist', 'bundle', 'index.cjs');
    rmSync(bundle);
    const r = run(['validate', 'data/laiwu-2024.json']);
    expect(said(r)).toMatch(/^退出码 0/);
    expect(existsSync(bundle)).toBe(true);
    expect(readdirSync(join(home, '.cache', 'fiscal-report'))).toEqual([cached]);
  });

  it('validates a workbook and runs the examples\' batch (worker threads, workbooks)', () => {
    let r = run(['validate', 'data/laiwu-2024.xlsx']);
    expect(said(r)).toMatch(/^退出码 0/);
    r = run(['batch', 'fiscal-report.batch.json']);
    expect(said(r)).toMatch(/^退出码 0/);
    expect(r.stdout).toMatch(/批量生成完成/);
    expect(r.stdout).not.toMatch(/失败\s+[1-9]/);
    expect(existsSync(join(dir, 'output', 'xlsx', REPORT))).toBe(true);
  });

  it('runs where no cache can be written, in a folder of its own that it removes', () => {
    const tmpHome = tmp('exe-tmp');
    cleanup.push(tmpHome);
    const r = run(['build', 'data/laiwu-2024.json', '--out', 'out-nocache'], { FISCAL_REPORT_CACHE: '/dev/null/fiscal-report', TMPDIR: tmpHome });
    expect(said(r)).toMatch(/^退出码 0/);
    expect(existsSync(join(dir, 'out-nocache', REPORT))).toBe(true);
    expect(readdirSync(tmpHome)).toEqual([]);
  });

  /** `serve` from the executable: a workbook uploaded, built in a worker process, the DOCX downloaded; then stopped. */
  async function serveOnce(extraEnv: Record<string, string> = {}): Promise<void> {
    const server = spawn(exe, ['serve', '--port', '0'], { cwd: dir, env: { HOME: home, PATH: noNode, LANG: 'C.UTF-8', ...extraEnv } });
    try {
      let timer: NodeJS.Timeout | undefined;
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        server.stdout.on('data', (b: Buffer) => {
          text += b.toString('utf8');
          const m = /网页已启动：(http:\/\/\S+?)\//.exec(text);
          if (m) resolve(m[1]!);
        });
        server.on('exit', (code) => reject(new Error(`serve 退出：${code} ${text}`)));
        timer = setTimeout(() => reject(new Error(`serve 未启动：${text}`)), 60000);
      }).finally(() => clearTimeout(timer));
      expect((await fetch(`${url}/`)).status).toBe(200);
      const body = new FormData();
      body.append('dataset', new Blob([readFileSync(join(DATA, 'laiwu-2024.xlsx'))]), 'laiwu-2024.xlsx');
      body.append('attachments', new Blob([readFileSync(join(DATA, 'laiwu-2024-performance.json'))]), 'laiwu-2024-performance.json');
      const res = await fetch(`${url}/build`, { method: 'POST', body, headers: { accept: 'application/json' } });
      expect(res.status).toBe(202);
      const { id, status } = (await res.json()) as { id: string; status: string };
      let state = '';
      for (let i = 0; i < 600 && state !== 'done' && state !== 'failed'; i++) {
        state = ((await (await fetch(`${url}${status}`, { headers: { accept: 'application/json' } })).json()) as { state: string }).state;
        if (state !== 'done') await new Promise((r) => setTimeout(r, 100));
      }
      expect(state).toBe('done');
      const docx = await fetch(`${url}/r/${id}/docx`);
      expect(docx.status).toBe(200);
      const bytes = new Uint8Array(await docx.arrayBuffer());
      expect(strFromU8(unzipSync(bytes)['word/document.xml']!)).toContain('莱芜区');
    } finally {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    expect(server.exitCode).toBe(0);
  }

  it('serves the web page: a workbook uploaded, built in a worker process, the DOCX downloaded', async () => {
    await serveOnce();
  });

  it('serves where no cache can be written: the server and its worker processes share one folder of their own, removed when it stops', async () => {
    const tmpHome = tmp('exe-serve-tmp');
    cleanup.push(tmpHome);
    await serveOnce({ FISCAL_REPORT_CACHE: '/dev/null/fiscal-report', TMPDIR: tmpHome });
    expect(readdirSync(tmpHome)).toEqual([]);
  });
});

(NO_WINDOWS ? describe.skip : describe)('the Windows single executable of a release (built the same way; not run here)', () => {
  it('is Node\'s Windows binary with the application injected', () => {
    const file = summary.executables.find((e) => e.target === 'win-x64')?.file;
    expect(file).toBe(join(out, `${PKG.name}-${PKG.version}-win-x64.exe`));
    const bytes = readFileSync(file!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('MZ');
    expect(bytes.subarray(bytes.readUInt32LE(0x3c), bytes.readUInt32LE(0x3c) + 4).toString('latin1')).toBe('PE\0\0');
    // The fuse Node checks at start says an application is injected…
    expect(bytes.includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1')).toBe(true);
    expect(bytes.includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:0')).toBe(false);
    // …and the application is in it: its entry and the manifest of the package folder.
    expect(bytes.includes('The entry of the single executable')).toBe(true);
    expect(bytes.includes('"files":["README.md","bin/fiscal-report.js"')).toBe(true);
  });
});
