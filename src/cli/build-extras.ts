import { basename, extname, join } from 'node:path';
import type { Issue } from '../model/issue';
import type { ComposeResult } from '../pipeline';
import { packReport } from '../docx/pack';
import { reportFile, writeOutput, type WriteOutcome } from '../write/outputs';

type Out = { log: (s: string) => void; error: (s: string) => void };

/** build options of the validation issue: last year's dataset, draft with comments, numbers audit. */
export interface BuildExtras {
  previous?: string;
  /** A house-style file that overrides the dataset's style (--style). */
  style?: string;
  draft?: boolean;
  audit?: boolean;
  /** Also write a PDF through LibreOffice (a normal build; a draft is for Word). */
  pdf?: boolean;
}

function said(result: WriteOutcome, what: string): string {
  if (result.status === 'kept') return `已生成${what}：${result.file}（${result.editedFile} 已被修改，未覆盖；如需覆盖请加 --overwrite）`;
  if (result.status === 'unchanged') return `未变化：${result.file}`;
  return `已生成${what}：${result.file}`;
}

/**
 * Writes a composed document with what --draft and --audit add: a draft goes to 《标题》（草稿）.docx
 * (never under the final name) and exits 1, since its errors are unresolved; the audit map goes
 * beside the document as <name>.audit.json.
 */
export async function buildExtras(file: string, outDir: string, overwrite: boolean, result: ComposeResult, out: Out, printIssues: (issues: Issue[], out: Out) => void): Promise<number> {
  const doc = result.doc!;
  printIssues(result.issues, out);
  const target = reportFile(outDir, doc.properties.title || basename(file, extname(file)), result.draft ? '（草稿）' : '');
  const written = writeOutput(target, await packReport(doc), { overwrite });
  out.log(said(written, result.draft ? '草稿' : ''));
  if (result.audit) {
    const docxFile = basename(written.file);
    const auditFile = join(outDir, `${docxFile.replace(/\.docx$/, '')}.audit.json`);
    const json = JSON.stringify({ document: docxFile, ...result.audit }, null, 2) + '\n';
    const a = writeOutput(auditFile, Buffer.from(json, 'utf8'), { overwrite });
    // No number a template typed here, nor one adopt left as typed in a style: the build refuses both
    // (pipeline.ts refuseUnsourced, style/resolve.ts).
    out.log(`${said(a, '数字来源表')}（${result.audit.numbers.length} 处数字）`);
  }
  if (result.draft) {
    const errors = result.issues.filter((i) => i.severity === 'error').length;
    out.error(`${file}：数据有 ${errors} 处错误未解决，已生成带批注的草稿（首页注明），不得报送。请按批注修改数据文件后重新生成。`);
    return 1;
  }
  return 0;
}
