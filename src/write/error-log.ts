import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What an unexpected error (a fault of the tool, not of the data) tells the person running it: one
 * Chinese line saying that it is not their data, what to send and to whom, and where the details
 * are. The details — the stack, the command, the versions — go into a log file the line names (or
 * to the terminal with --debug), never the terminal by default: a stack of a bundled program
 * prints kilobytes of minified source that say nothing to a finance bureau's writer.
 */

/** Who fixes the tool: the people a bureau's writers already ask about it. */
export const MAINTAINER = '负责 fiscal-report 的技术人员（系统维护人员）';

export interface InternalErrorContext {
  /** The command as typed (arguments after `fiscal-report`). */
  argv: readonly string[];
  /** The file being processed, when there is one: the message names it. */
  target?: string;
  version: string;
}

/** The error's own text, stack first, and any cause it carries. */
export function errorDetail(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    return `${e.stack ?? `${e.name}: ${e.message}`}${cause !== undefined ? `\n原因：${errorDetail(cause)}` : ''}`;
  }
  try {
    return `非 Error 的异常：${JSON.stringify(e)}`;
  } catch {
    return `非 Error 的异常：${String(e)}`;
  }
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');

// node:os is loaded only when a log is written: a build that goes well does not pay for loading it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tmpdir = (): string => (require('node:os') as typeof import('node:os')).tmpdir();

/**
 * Writes the details of an unexpected error to a log file in the system's temporary directory and
 * returns its path, or null when it cannot be written (a read-only system: then --debug prints them).
 */
export function writeErrorLog(e: unknown, ctx: InternalErrorContext, dir = tmpdir(), now = new Date()): string | null {
  const file = join(dir, `fiscal-report-错误-${stamp(now)}-${process.pid}.log`);
  const body = [
    `fiscal-report ${ctx.version} 内部错误记录`,
    `时间：${now.toISOString()}`,
    `命令：fiscal-report ${ctx.argv.join(' ')}`,
    ...(ctx.target ? [`文件：${ctx.target}`] : []),
    `Node.js ${process.version}（${process.platform} ${process.arch}）`,
    '',
    errorDetail(e),
    '',
  ].join('\n');
  try {
    writeFileSync(file, body, { flag: 'w', mode: 0o600 });
    return file;
  } catch {
    return null;
  }
}

/** The one line: not the data's fault; what to send (the log, the command, the data file) and to whom. */
export function internalErrorLine(ctx: InternalErrorContext, log: string | null, debug: boolean): string {
  const where = ctx.target ? `处理 ${ctx.target} 时` : '';
  const send = debug
    ? `请把下面的详细信息、所用的命令和数据文件发给${MAINTAINER}。`
    : log
      ? `请把记录文件 ${log}、所用的命令和数据文件发给${MAINTAINER}。`
      : `请加 --debug 重新运行以显示详细信息，把它连同所用的命令和数据文件发给${MAINTAINER}。`;
  return `程序内部错误：${where}出现了本工具自身的问题（不是数据填写的问题），操作没有完成。${send}`;
}
