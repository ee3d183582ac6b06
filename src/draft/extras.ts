import type { Loaded } from '../load/json';
import type { FinalAccountsDataset } from '../validate';
import { hasErrors } from '../validate';
import { auditReport, type AuditInputs } from '../audit';
import { annotateDraft } from './annotate';
import type { BuildOptions, ComposeResult } from '../pipeline';

/**
 * What a build adds after composing: a draft's comments (when rules failed and --draft composed
 * anyway) and the numbers audit (--audit). Pure.
 */
export function withDraftAndAudit(result: ComposeResult, dataset: FinalAccountsDataset, loaded: Loaded, options: BuildOptions, styleFile?: AuditInputs['style']): ComposeResult {
  if (!result.doc) return result;
  const files = { dataset: loaded.sourceMap.file, ...(options.previous ? { previous: options.previous.sourceMap.file } : {}) };
  const out: ComposeResult = { ...result };
  if (hasErrors(result.issues)) {
    out.doc = annotateDraft(result.doc, result.issues, files);
    out.draft = true;
  }
  if (options.audit) {
    const previous = dataset.previous ? { previous: { input: dataset.previous.input, sourceMap: dataset.previous.sourceMap } } : {};
    out.audit = auditReport(out.doc!, { input: dataset.input, sourceMap: loaded.sourceMap, ...previous, ...(styleFile ? { style: styleFile } : {}) }, files);
  }
  return out;
}
