import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { errorsSummary, FiscalError, formatIssue } from '../model/issue';
import { loadDatasetFile, loadStyleFile } from '../load/dataset';
import { loadTemplates } from '../load/templates';
import { loadLinkedReports } from '../load/linked';
import { buildReportDoc } from '../pipeline';
import { datasetKind } from '../validate/dataset-kind';
import { refreshDraft, type RefreshResult } from '../refresh';
import { writeOutput } from '../write/outputs';
import { describeOrigin } from '../docx/origin';

export interface RefreshArgs {
  draft: string;
  data: string;
  /** Last year's dataset: 同比 bases and roll-forward checks, as in build. */
  previous?: string;
  /** A house-style file that overrides the dataset's style, as in build --style. */
  style?: string;
  out?: string;
  templates?: string;
  comments: boolean;
  json: boolean;
  /** Refresh from data of another kind, district or year than the draft's, on purpose. */
  force?: boolean;
}

type Out = { log: (s: string) => void; error: (s: string) => void };

function readDraft(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FiscalError(`无法读取稿件 ${file}：${code === 'ENOENT' ? '文件不存在' : String(code)}`, [
      { code: 'file-read', severity: 'error', message: `无法读取稿件：${code === 'ENOENT' ? '文件不存在' : String(code)}。请检查路径。`, place: { file } },
    ], 2);
  }
}

export function printRefreshReport(r: RefreshResult, out: Out): void {
  out.log(`已更新 ${r.changes.length} 处数字、${r.rewordings.length} 处随数据变化的文字，${r.unchanged} 处数字未变化，冲突 ${r.conflicts.length} 处。`);
  if (r.draftCleared) out.log('  新数据已无错误：已删去首页的【草稿】说明。');
  if (r.staleComments) out.log(`  已删去本程序先前加的 ${r.staleComments} 条批注（草稿的错误、上次更新的冲突；本次的冲突另行标注）。`);
  for (const c of r.changes) out.log(`  更新：${c.where}：${c.old} → ${c.new}（${c.source}）`);
  for (const w of r.rewordings) out.log(`  改写：${w.where}：“${w.old}” → “${w.new}”`);
  for (const c of r.conflicts) out.log(`  冲突：${c.where ? `${c.where}：` : ''}${c.message}${c.source ? `（${c.source}）` : ''}`);
}

/** fiscal-report refresh: new figures into an edited draft, every edit kept. */
export async function runRefresh(args: RefreshArgs, out: Out): Promise<number> {
  const draftBytes = readDraft(args.draft);
  if (draftBytes.subarray(0, 2).toString('latin1') !== 'PK')
    throw new FiscalError(`${args.draft} 不是 DOCX 文件`, [
      { code: 'file-type', severity: 'error', message: '稿件不是 DOCX 文件（Word 2007 及以后的格式）：请在 Word 或 WPS 中另存为 .docx 后再试。', place: { file: args.draft } },
    ], 1);
  const loaded = await loadDatasetFile(args.data);
  const previous = args.previous ? await loadDatasetFile(args.previous) : undefined;
  const kind = datasetKind(loaded.value);
  if (args.style && kind !== null && kind !== 'final-accounts')
    throw new FiscalError(`用法错误：--style（本区格式文件）只用于决算报告数据（kind 为 "final-accounts"）。运行 fiscal-report --help 查看用法。`, [], 2);
  const style = args.style ? await loadStyleFile(args.style) : undefined;
  const { doc, issues } = buildReportDoc(loaded, loadTemplates(args.templates), { linked: await loadLinkedReports(loaded, args.data), ...(previous ? { previous } : {}), ...(style ? { style } : {}) });
  for (const i of issues) out.error(formatIssue(i));
  if (!doc) {
    out.error(`${args.data}：${errorsSummary(issues).replace(/^数据/, '新数据')}，稿件未更新。`);
    return 1;
  }
  let result: RefreshResult;
  try {
    result = refreshDraft(draftBytes, doc, {
      comments: args.comments,
      date: `${doc.properties.created}T00:00:00Z`,
      force: !!args.force,
      // A differing district or year is placed where the new data says it; a draft that records nothing, at the draft.
      place: (field) => (field ? loaded.sourceMap.locate(field === 'kind' ? ['kind'] : ['meta', field]) : { file: args.draft }),
    });
  } catch (e) {
    if (e instanceof FiscalError) throw e;
    throw new FiscalError(`${args.draft} 无法解析`, [
      { code: 'file-type', severity: 'error', message: '稿件无法作为 DOCX 解析（文件可能已损坏或加密）。', place: { file: args.draft } },
    ], 1);
  }
  const ext = extname(args.draft);
  // A draft whose errors the new data resolve is a draft no longer: 《标题》（草稿）.docx → 《标题》（更新）.docx.
  const stem = result.draftCleared ? basename(args.draft, ext).replace(/（草稿）$/, '') : basename(args.draft, ext);
  const target = args.out ?? join(dirname(args.draft), `${stem}（更新）${ext || '.docx'}`);
  const written = writeOutput(target, Buffer.from(result.bytes));
  const { origin } = result;
  if (args.json)
    out.log(JSON.stringify({ output: written.file, changes: result.changes, rewordings: result.rewordings, conflicts: result.conflicts, unchanged: result.unchanged, origin, draftCleared: result.draftCleared, staleComments: result.staleComments }, null, 2));
  else {
    if (origin.forced) out.log(`注意：稿件是${origin.draft ? describeOrigin(origin.draft) : '（未记录来源）'}，已按 --force 用${describeOrigin(doc.properties.origin!)}的数据更新，更新后的稿件记录的来源随之改为新数据。`);
    printRefreshReport(result, out);
    out.log(`已写出：${written.file}`);
  }
  return 0;
}
