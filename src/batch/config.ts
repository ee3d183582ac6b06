import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FiscalError, type Issue, type Place } from '../model/issue';
import { parseJsonBytes } from '../load/json';
import type { PathSegment } from '../load/path';
import type { SourceMap } from '../load/source-map';
import { zodToIssues } from '../validate/zod-issues';
import { BatchConfigSchema, labelConfigPath } from './config-schema';
import type { KindId } from './kinds';

/** The default config file name, looked for in the current directory. */
export const DEFAULT_CONFIG = 'fiscal-report.batch.json';
export const DEFAULT_SUMMARY = 'fiscal-report.summary.json';

/** A job with every path resolved (absolute) and checked. */
export interface ResolvedJob {
  index: number;
  name: string;
  dataset: string;
  previous?: string;
  /** Undefined: the dataset's own kind. */
  kinds?: KindId[];
  templates?: string;
  /** A house-style file that overrides the dataset's style, and where the config names it. */
  style?: string;
  stylePlace?: Place;
  out: string;
}

export interface BatchConfig {
  file: string;
  dir: string;
  jobs: ResolvedJob[];
  summary: string;
  concurrency: number;
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
function realish(p: string): string {
  let head = p;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const parent = dirname(head);
    if (parent === head) return p;
    tail.unshift(basename(head));
    head = parent;
  }
  return join(realpathSync(head), ...tail);
}

const inside = (root: string, p: string) => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
};

/**
 * Reads and checks a batch config: JSON syntax, the schema (Chinese messages with line numbers),
 * then every path: relative to the config's directory and confined to its tree (also through
 * symbolic links) unless the config allows absolute paths. All problems are reported together;
 * a config with any is refused (exit code 2) and no job runs.
 */
export function loadBatchConfig(file: string, options: { allowAbsolutePaths?: boolean } = {}): BatchConfig {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录，不是文件' : String(code);
    throw new FiscalError(`无法读取批量配置 ${file}：${why}`, [
      { code: 'config-read', severity: 'error', message: `无法读取批量配置：${why}。请指定配置文件，如 fiscal-report batch ${DEFAULT_CONFIG}。`, place: { file } },
    ], 2);
  }
  let loaded;
  try {
    loaded = parseJsonBytes(bytes, file);
  } catch (e) {
    if (e instanceof FiscalError) throw new FiscalError(e.message, e.issues, 2);
    throw e;
  }
  const parsed = BatchConfigSchema.safeParse(loaded.value);
  if (!parsed.success) throw new FiscalError(`批量配置 ${file} 有错误`, zodToIssues(parsed.error, loaded.value, loaded.sourceMap, labelConfigPath), 2);
  const cfg = parsed.data;
  const dir = resolve(dirname(file));
  const realDir = realpathSync(dir);
  const allowAbsolute = options.allowAbsolutePaths || cfg.allowAbsolutePaths === true;
  const issues: Issue[] = [];
  const sm: SourceMap = loaded.sourceMap;

  const path = (value: string, at: PathSegment[]): string => {
    const full = resolve(dir, value);
    const field = `“${labelConfigPath(at)}”`;
    if (isAbsolute(value)) {
      if (!allowAbsolute)
        issues.push({
          code: 'config-absolute-path',
          severity: 'error',
          message: `${field}是绝对路径 ${value}：配置中的路径须相对于配置文件所在目录。确需使用绝对路径时，在配置中加 "allowAbsolutePaths": true 或运行时加 --allow-absolute。`,
          place: sm.locate(at),
          actual: value,
        });
      return full;
    }
    if (!inside(dir, full) || (!allowAbsolute && !inside(realDir, realish(full)))) {
      issues.push({
        code: 'config-path-outside',
        severity: 'error',
        message: `${field} ${value} 指向配置文件所在目录（${dir}）之外${inside(dir, full) ? '（经由符号链接）' : ''}：请把文件放进该目录，或改用绝对路径并允许绝对路径。`,
        place: sm.locate(at),
        actual: value,
      });
    }
    return full;
  };

  const defaults = cfg.defaults ?? {};
  const defaultOut = defaults.out ? path(defaults.out, ['defaults', 'out']) : resolve(dir, 'output');
  const defaultTemplates = defaults.templates ? path(defaults.templates, ['defaults', 'templates']) : undefined;
  const defaultStyle = defaults.style ? path(defaults.style, ['defaults', 'style']) : undefined;
  const names = new Map<string, number>();
  const jobs: ResolvedJob[] = cfg.jobs.map((j, index) => {
    const at = (k: string): PathSegment[] => ['jobs', index, k];
    const name = j.name ?? basename(j.dataset, extname(j.dataset));
    const seen = names.get(name);
    if (seen !== undefined)
      issues.push({
        code: 'config-duplicate-job',
        severity: 'error',
        message: `任务名称“${name}”与第 ${seen + 1} 个任务重复：请用 "name" 为其中一个另起名称。`,
        place: sm.locate(j.name ? at('name') : ['jobs', index]),
        actual: name,
      });
    else names.set(name, index);
    const job: ResolvedJob = { index, name, dataset: path(j.dataset, at('dataset')), out: j.out ? path(j.out, at('out')) : defaultOut };
    if (j.previous) job.previous = path(j.previous, at('previous'));
    const kinds = j.kinds ?? defaults.kinds;
    if (kinds) job.kinds = [...new Set(kinds)];
    const templates = j.templates ? path(j.templates, at('templates')) : defaultTemplates;
    if (templates) job.templates = templates;
    if (j.style) {
      job.style = path(j.style, at('style'));
      job.stylePlace = sm.locate(at('style'));
    } else if (defaultStyle) {
      job.style = defaultStyle;
      job.stylePlace = sm.locate(['defaults', 'style']);
    }
    return job;
  });
  const summary = cfg.summary ? path(cfg.summary, ['summary']) : join(dir, DEFAULT_SUMMARY);
  if (issues.length) throw new FiscalError(`批量配置 ${file} 有错误`, issues, 2);
  return { file: resolve(file), dir, jobs, summary, concurrency: cfg.concurrency ?? availableParallelism() };
}
