import type { Loaded } from '../load/json';
import { hasErrors } from '../validate';
import type { PreviousDataset } from '../validate/previous';
import { auditReport, type AuditInputs } from '../audit';
import { annotateDraft } from './annotate';
import type { BuildOptions, ComposeResult } from '../pipeline';

/**
 * What a build adds after composing, for every kind of report: a draft's comments (when rules
 * failed and --draft composed anyway) and the numbers audit (--audit). Pure.
 */
export function withDraftAndAudit(result: ComposeResult, input: unknown, loaded: Loaded, options: Pick<BuildOptions, 'previous' | 'audit' | 'linked'>, previousDataset?: PreviousDataset, styleFile?: AuditInputs['style']): ComposeResult {
  if (!result.doc) return result;
  const files = { dataset: loaded.sourceMap.file, ...(options.previous ? { previous: options.previous.sourceMap.file } : {}) };
  const out: ComposeResult = { ...result };
  if (hasErrors(result.issues)) {
    out.doc = annotateDraft(result.doc, result.issues, files);
    out.draft = true;
  }
  if (options.audit) {
    const previous = previousDataset ? { previous: { input: previousDataset.input, sourceMap: previousDataset.sourceMap } } : {};
    out.audit = auditReport(out.doc!, { input, sourceMap: loaded.sourceMap, ...previous, ...(styleFile ? { style: styleFile } : {}), ...(options.linked ? { linked: options.linked } : {}) }, files);
  }
  return out;
}
