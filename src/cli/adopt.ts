import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FiscalError, formatIssue } from '../model/issue';
import { loadDatasetFile } from '../load/dataset';
import { loadLinkedReports } from '../load/linked';
import { loadTemplates } from '../load/templates';
import { readDocx } from '../adopt/docx-read';
import { adopt } from '../adopt';
import { styleFileName, summaryLines } from '../adopt/summary';
import { writeOutput } from '../write/outputs';

type Out = { log: (s: string) => void; error: (s: string) => void };

export interface AdoptArgs {
  docx: string;
  data: string;
  out: string;
  overwrite: boolean;
  json: boolean;
}

function readReport(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录，不是文件' : String(code);
    throw new FiscalError(`无法读取报告 ${file}：${why}`, [{ code: 'file-read', severity: 'error', message: `无法读取报告：${why}。请检查路径。`, place: { file } }], 2);
  }
}

/**
 * fiscal-report adopt: last year's report and data → the district's style file in `out` (never over
 * a style the writer has edited since: it goes beside it as （新版）), and the summary. A report
 * and data that do not belong together write nothing.
 */
export async function runAdopt(args: AdoptArgs, out: Out): Promise<number> {
  const bytes = readReport(args.docx);
  const docx = readDocx(bytes, args.docx);
  const loaded = await loadDatasetFile(args.data);
  const result = adopt({ docx, loaded, templates: loadTemplates(), linked: await loadLinkedReports(loaded, args.data) });
  if (!result.ok) {
    for (const i of result.issues) out.error(formatIssue(i));
    out.error('未写出任何文件。');
    return 1;
  }
  const district = (loaded.value as { meta: { district: string } }).meta.district;
  mkdirSync(args.out, { recursive: true });
  const written = writeOutput(join(args.out, styleFileName(district)), Buffer.from(JSON.stringify(result.style, null, 2) + '\n', 'utf8'), { overwrite: args.overwrite });
  if (args.json) {
    out.log(JSON.stringify({ style: written.file, status: written.status, ...result.summary }, null, 2));
    return 0;
  }
  for (const line of summaryLines(result.summary)) out.log(line);
  out.log(`已写出格式文件：${written.file}`);
  out.log(`今年的报告：fiscal-report build 今年的数据.json --style ${written.file}（或在数据中写 "style": "格式文件名"）`);
  if (written.status === 'kept') out.log(`（${written.editedFile} 在上次生成后被修改过，未覆盖；新的格式另存为 ${written.file}。如需覆盖请加 --overwrite）`);
  return 0;
}
