import { parseArgs, type ParseArgsConfig } from 'node:util';
import { favourMemory } from '../heap';
import { readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { errorsSummary, FiscalError, formatIssue, type Issue } from '../model/issue';
import { loadDatasetFile, loadStyleFile } from '../load/dataset';
import type { Loaded } from '../load/json';
import { datasetKind } from '../validate/dataset-kind';
import { loadLinkedReports } from '../load/linked';
import { loadTemplates } from '../load/templates';
import { packageRoot } from '../load/package-root';
import { buildReportDoc } from '../pipeline';
import { packReport } from '../docx/pack';
import { assertOutputDir, reportFile, writeOutput } from '../write/outputs';
import { HELP, VERSION } from './help';
import { runValidate } from './validate';
import { buildExtras, type BuildExtras } from './build-extras';
import { exportCommand, initCommand } from './workbook';
import { errorDetail, internalErrorLine, writeErrorLog } from '../write/error-log';
import { buildsInWorker, favoursMemory, largeBuildThread, runInWorker } from './large-build';

type Out = { log: (s: string) => void; error: (s: string) => void };
const stdio: Out = { log: (s) => console.log(s), error: (s) => console.error(s) };

class UsageError extends Error {}

const PARSE_ERRORS: Record<string, string> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: '未知的选项',
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: '选项缺少取值或取值不正确',
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: '多余的参数',
};

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const detail = /'([^']+)'/.exec(err.message)?.[1];
    throw new UsageError(`${PARSE_ERRORS[err.code ?? ''] ?? '参数错误'}${detail ? `：${detail}` : ''}`);
  }
}

function printIssues(issues: Issue[], out: Out): void {
  for (const i of issues) out.error(formatIssue(i));
}

/** --style: the house-style file, for a final-accounts dataset only (the other kinds have no style). */
async function styleFor(loaded: Loaded, file: string, styleFile: string): Promise<Loaded> {
  const kind = datasetKind(loaded.value);
  if (kind !== null && kind !== 'final-accounts') throw new UsageError(`--style（本区格式文件）只用于决算报告数据（kind 为 "final-accounts"），${file} 是${kind === 'performance' ? '预算绩效管理报告' : '工作计划'}数据`);
  return loadStyleFile(styleFile);
}

/** Builds one dataset into outDir; returns the exit code. */
async function buildOne(file: string, outDir: string, templatesDir: string | undefined, overwrite: boolean, out: Out, extras: BuildExtras = {}): Promise<number> {
  assertOutputDir(outDir);
  const loaded = await loadDatasetFile(file);
  const previous = extras.previous ? await loadDatasetFile(extras.previous) : undefined;
  const style = extras.style ? await styleFor(loaded, file, extras.style) : undefined;
  const built = buildReportDoc(loaded, loadTemplates(templatesDir), {
    ...(previous ? { previous } : {}),
    draft: !!extras.draft,
    audit: !!extras.audit,
    linked: await loadLinkedReports(loaded, file),
    ...(style ? { style } : {}),
  });
  const { doc, issues } = built;
  if (doc && (built.draft || built.audit)) return buildExtras(file, outDir, overwrite, built, out, printIssues);
  if (!doc) {
    printIssues(issues, out);
    out.error(`${file}：${errorsSummary(issues)}，未生成报告。请按上述提示修改后重试。`);
    return 1;
  }
  printIssues(issues, out);
  const bytes = await packReport(doc);
  const target = reportFile(outDir, doc.properties.title || basename(file, extname(file)));
  const result = writeOutput(target, bytes, { overwrite });
  if (result.status === 'kept') out.log(`已生成：${result.file}（${result.editedFile} 已被修改，未覆盖；如需覆盖请加 --overwrite）`);
  else if (result.status === 'unchanged') out.log(`未变化：${result.file}`);
  else out.log(`已生成：${result.file}`);
  return extras.pdf ? writePdf(result.file, overwrite, out) : 0;
}

/** --pdf: the DOCX just written, converted by LibreOffice, beside it. */
function writePdf(docxFile: string, overwrite: boolean, out: Out): number {
  // Loaded on demand: it brings child_process and friends, which a build without --pdf does not need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { docxToPdf, findLibreOffice, INSTALL_HINT } = require('../write/pdf') as typeof import('../write/pdf');
  const soffice = findLibreOffice();
  if (!soffice) {
    out.error(`未生成 PDF：本机未安装 LibreOffice。${INSTALL_HINT}`);
    return 1;
  }
  const target = docxFile.replace(/\.docx$/i, '') + '.pdf';
  const result = writeOutput(target, docxToPdf(docxFile, { soffice }), { overwrite });
  if (result.status === 'kept') out.log(`已生成：${result.file}（${result.editedFile} 已被修改，未覆盖）`);
  else out.log(`已生成：${result.file}`);
  return 0;
}

/** The file a command works on (its first argument that is not an option), for the internal-error line. */
function targetOf(argv: readonly string[]): string | undefined {
  const [command, ...rest] = argv;
  if (!command || command.startsWith('-') || command === 'serve') return undefined;
  const valued = new Set(['--out', '--templates', '--previous', '--jobs', '-j', '--summary', '--district', '--year', '--host', '--port', '-p', '--token', '--data']);
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (valued.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return command === 'batch' ? 'fiscal-report.batch.json' : undefined;
}

/**
 * An error that is the tool's fault, not the data's: one Chinese line naming the file, what to send
 * and to whom; the details into a log file the line names, or after it with --debug. Exit code 1.
 */
export function reportInternalError(e: unknown, argv: readonly string[], out: Pick<Out, 'error'> = stdio, debug = false): number {
  const ctx = { argv, version: VERSION, ...(targetOf(argv) ? { target: targetOf(argv)! } : {}) };
  const log = debug ? null : writeErrorLog(e, ctx);
  out.error(internalErrorLine(ctx, log, debug));
  if (debug) out.error(errorDetail(e));
  return 1;
}

/** --debug anywhere on the line (or FISCAL_REPORT_DEBUG=1): an internal error prints its details. */
function takeDebug(argv: string[]): { args: string[]; debug: boolean } {
  const args = argv.filter((a) => a !== '--debug');
  return { args, debug: args.length !== argv.length || process.env.FISCAL_REPORT_DEBUG === '1' };
}

/** For the launcher (bin/fiscal-report.js), before it makes the code cache at exit. */
export { freshFlags } from '../runtime-flags';

export async function main(argvIn: string[], out: Out = stdio): Promise<number> {
  const { args: argv, debug } = takeDebug(argvIn);
  try {
    return await run(argv, out, debug);
  } catch (e) {
    return reportInternalError(e, argv, out, debug);
  }
}

async function run(argv: string[], out: Out, debug = false): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      out.log(HELP);
      return command ? 0 : 2;
    }
    if (command === '-v' || command === '--version') {
      out.log(VERSION);
      return 0;
    }
    // A build favours memory only for a large dataset (large-build.ts favoursMemory).
    if (command !== 'serve' && command !== 'build') favourMemory();
    if (command === 'build') {
      const { values, positionals } = parse(rest, {
        out: { type: 'string' },
        templates: { type: 'string' },
        overwrite: { type: 'boolean' },
        pdf: { type: 'boolean' },
        previous: { type: 'string' },
        style: { type: 'string' },
        draft: { type: 'boolean' },
        audit: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      });
      if (values.help) {
        out.log(HELP);
        return 0;
      }
      if (positionals.length !== 1) throw new UsageError(positionals.length ? '一次只能指定一个数据文件' : '请指定数据文件，如：fiscal-report build data/laiwu-2024.json');
      const extras: BuildExtras = { draft: !!values.draft, audit: !!values.audit, pdf: !!values.pdf };
      if (values.previous !== undefined) extras.previous = String(values.previous);
      if (values.style !== undefined) extras.style = String(values.style);
      if (favoursMemory(positionals[0]!)) favourMemory();
      if (buildsInWorker(positionals[0]!)) return await runInWorker([...argv, ...(debug ? ['--debug'] : [])], out);
      return await buildOne(positionals[0]!, String(values.out ?? 'output'), values.templates as string | undefined, !!values.overwrite, out, extras);
    }
    if (command === 'validate') {
      const { values, positionals } = parse(rest, {
        previous: { type: 'string' },
        style: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      });
      if (values.help) {
        out.log(HELP);
        return 0;
      }
      if (positionals.length !== 1) throw new UsageError(positionals.length ? '一次只能校验一个数据文件' : '请指定数据文件，如：fiscal-report validate data/laiwu-2024.json');
      return await runValidate(positionals[0]!, values.previous as string | undefined, !!values.json, out, values.style as string | undefined);
    }
    if (command === 'init' || command === 'export') {
      const { values, positionals } = parse(rest, {
        out: { type: 'string' },
        overwrite: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...(command === 'init' ? { district: { type: 'string' as const }, year: { type: 'string' as const } } : {}),
      });
      if (values.help) {
        out.log(HELP);
        return 0;
      }
      if (positionals.length > 1) throw new UsageError('多余的参数');
      if (command === 'init') return await initCommand(positionals[0], values as { district?: string; year?: string; out?: string; overwrite?: boolean }, out);
      if (!positionals[0]) throw new UsageError('请指定数据文件，如：fiscal-report export data/laiwu-2024.json --out 莱芜区2024.xlsx');
      return await exportCommand(positionals[0], values as { out?: string; overwrite?: boolean }, out);
    }
    if (command === 'batch') {
      const { values, positionals } = parse(rest, {
        force: { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        summary: { type: 'string' },
        'allow-absolute': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      });
      if (values.help) {
        out.log(HELP);
        return 0;
      }
      if (positionals.length > 1) throw new UsageError('一次只能指定一个批量配置文件');
      const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
      if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) throw new UsageError(`--jobs 应为正整数，实为“${String(values.jobs)}”`);
      // Loaded on demand: a single build does not pay for the batch machinery.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runBatch } = require('../batch/run') as typeof import('../batch/run');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { DEFAULT_CONFIG } = require('../batch/config') as typeof import('../batch/config');
      const tty = out === stdio && !!process.stderr.isTTY && !process.env.CI;
      const { code } = await runBatch(positionals[0] ?? DEFAULT_CONFIG, {
        force: !!values.force,
        ...(jobs !== undefined ? { concurrency: jobs } : {}),
        ...(values.summary ? { summary: resolve(String(values.summary)) } : {}),
        allowAbsolutePaths: !!values['allow-absolute'],
        tty,
        ...(tty ? { stream: process.stderr } : {}),
        log: out.log,
        error: out.error,
      });
      return code;
    }
    if (command === 'serve') {
      const { values, positionals } = parse(rest, {
        host: { type: 'string' },
        port: { type: 'string', short: 'p' },
        token: { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        help: { type: 'boolean', short: 'h' },
      });
      if (values.help) {
        out.log(HELP);
        return 0;
      }
      if (positionals.length) throw new UsageError('serve 不接受文件参数');
      // Loaded on demand: the other commands do not pay for the web server.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { serveCommand } = require('../web/serve') as typeof import('../web/serve');
      return await serveCommand(values as { host?: string; port?: string; token?: string; jobs?: string }, out);
    }
    if (command === 'build-examples') {
      const { values } = parse(rest, { out: { type: 'string' } });
      const dataDir = join(packageRoot(), 'data');
      const files = readdirSync(dataDir).filter((f) => f.endsWith('.json')).sort();
      let code = 0;
      for (const f of files) code = Math.max(code, await buildOne(join(dataDir, f), String(values.out ?? 'output'), undefined, false, out));
      return code;
    }
    if (command === 'adopt') {
      const { values, positionals } = parse(rest, {
        data: { type: 'string' },
        out: { type: 'string' },
        overwrite: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      });
      if (values.help) {
        out.log(HELP);
        return 0;
      }
      if (positionals.length !== 1) throw new UsageError(positionals.length ? '一次只能指定一份报告' : '请指定去年的报告，如：fiscal-report adopt 去年的报告.docx --data 去年的数据.json');
      if (!values.data) throw new UsageError('请用 --data 指定去年的数据文件（.json 或 .xlsx）');
      // Loaded on demand: a build does not need the report reader.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runAdopt } = require('./adopt') as typeof import('./adopt');
      return await runAdopt({ docx: positionals[0]!, data: String(values.data), out: String(values.out ?? 'output'), overwrite: !!values.overwrite, json: !!values.json }, out);
    }
    if (command === 'refresh') {
      const { values, positionals } = parse(rest, {
        data: { type: 'string' },
        previous: { type: 'string' },
        style: { type: 'string' },
        out: { type: 'string' },
        templates: { type: 'string' },
        draft: { type: 'boolean' },
        json: { type: 'boolean' },
        force: { type: 'boolean' },
      });
      if (positionals.length !== 1) throw new UsageError('请指定一份稿件，如：fiscal-report refresh 稿件.docx --data 新数据.json');
      if (!values.data) throw new UsageError('请用 --data 指定新的数据文件');
      // Loaded on demand, like the batch: it brings the zip library a build does not need.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runRefresh } = require('./refresh') as typeof import('./refresh');
      return await runRefresh(
        {
          draft: positionals[0]!,
          data: String(values.data),
          ...(values.previous ? { previous: String(values.previous) } : {}),
          ...(values.style ? { style: String(values.style) } : {}),
          ...(values.out ? { out: String(values.out) } : {}),
          ...(values.templates ? { templates: String(values.templates) } : {}),
          comments: !!values.draft,
          json: !!values.json,
          force: !!values.force,
        },
        out,
      );
    }
    throw new UsageError(`未知的命令“${command}”`);
  } catch (e) {
    if (e instanceof UsageError) {
      out.error(`用法错误：${e.message}。运行 fiscal-report --help 查看用法。`);
      return 2;
    }
    if (e instanceof FiscalError) {
      if (e.issues.length) printIssues(e.issues, out);
      else out.error(e.message);
      return e.exitCode;
    }
    throw e;
  }
}

// The CLI run in a worker thread for a large build (large-build.ts): its lines and exit code go back to the main thread.
const thread = largeBuildThread();
if (thread) {
  const { argv, port } = thread;
  void main(argv, { log: (s) => port.postMessage({ log: s }), error: (s) => port.postMessage({ error: s }) }).then((code) => port.postMessage({ code }));
}
