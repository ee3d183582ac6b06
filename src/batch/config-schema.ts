import { z } from 'zod';
import type { PathSegment } from '../load/path';
import { KIND_IDS } from './kinds';

/**
 * The batch config (fiscal-report.batch.json): a list of jobs, each a dataset built into reports
 * in an output directory. Paths are relative to the config file's directory. The descriptions
 * become the JSON Schema an editor completes from (schema/fiscal-report.batch.schema.json).
 */

const RelPath = (what: string) => z.string().trim().min(1).describe(what);

const Kinds = z
  .array(z.enum(KIND_IDS))
  .min(1)
  .describe(`要生成的报告种类（${KIND_IDS.join('、')}）；省略时按数据文件中的 kind 生成`);

export const BatchJobSchema = z
  .object({
    name: z.string().trim().min(1).optional().describe('任务名称，用于进度、汇总和增量记录；省略时取数据文件名（不含扩展名）。各任务名称不得重复'),
    dataset: RelPath('数据文件（.json）路径，相对于配置文件所在目录'),
    previous: RelPath('上年数据文件路径（可选），用于与上年数据核对；它的内容变化也会触发重新生成').optional(),
    kinds: Kinds.optional(),
    templates: RelPath('自定义模板目录（可选），其中的 .hbs 文件替换同名的默认模板').optional(),
    style: RelPath('本区格式文件（可选，只用于决算报告）：格式文件（.json），或一份填有格式的决算数据文件；优先于数据文件中的 style，它的内容变化也会触发重新生成').optional(),
    out: RelPath('输出目录；省略时用 defaults.out，再省略为 output').optional(),
  })
  .strict()
  .describe('一个任务：一个数据文件生成一份或几份报告');

export const BatchConfigSchema = z
  .object({
    $schema: z.string().optional().describe('JSON Schema 的位置，供编辑器补全和检查'),
    allowAbsolutePaths: z
      .boolean()
      .optional()
      .describe('是否允许绝对路径。默认 false：所有路径必须位于配置文件所在目录之内（相对路径，且不得用 .. 或符号链接跳出）'),
    concurrency: z.number().int().min(1).max(256).optional().describe('同时运行的任务数；默认为本机 CPU 核数'),
    summary: RelPath('JSON 汇总文件的路径；默认为配置文件旁的 fiscal-report.summary.json').optional(),
    defaults: z
      .object({
        kinds: Kinds.optional(),
        templates: RelPath('各任务默认的自定义模板目录').optional(),
        style: RelPath('各任务默认的本区格式文件（只用于决算报告；优先于数据文件中的 style）').optional(),
        out: RelPath('各任务默认的输出目录').optional(),
      })
      .strict()
      .optional()
      .describe('各任务未填写时使用的默认值'),
    jobs: z.array(BatchJobSchema).min(1).describe('任务列表'),
  })
  .strict()
  .describe('fiscal-report 批量生成配置');

export type BatchConfigInput = z.infer<typeof BatchConfigSchema>;
export type BatchJobInput = z.infer<typeof BatchJobSchema>;

const LABELS: Record<string, string> = {
  jobs: '任务',
  name: '名称',
  dataset: '数据文件',
  previous: '上年数据文件',
  kinds: '报告种类',
  templates: '模板目录',
  style: '格式文件',
  out: '输出目录',
  summary: '汇总文件',
  defaults: '默认值',
  concurrency: '并行数',
  allowAbsolutePaths: '允许绝对路径',
};

/** jobs[2].dataset → 任务·第3项·数据文件 */
export function labelConfigPath(path: readonly PathSegment[]): string {
  return path.map((s) => (typeof s === 'number' ? `第${s + 1}项` : (LABELS[s] ?? s))).join('·');
}

/** The JSON Schema of the config, for editors (written by `npm run schema`, checked by a test). */
export function batchConfigJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(BatchConfigSchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'fiscal-report 批量生成配置',
  };
}
