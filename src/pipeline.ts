import type { Issue } from './model/issue';
import type { ReportDoc } from './model/doc';
import type { Loaded } from './load/json';
import { validateFinalAccounts, hasErrors } from './validate';
import { composeFinalAccounts } from './compose/final-accounts';
import { renderTemplate, type TemplateSet } from './render/engine';
import { markupToBlocks } from './render/markup';
import { runsText } from './model/doc';
import { dataTextSources } from './audit/text-sources';
import type { AuditMap } from './audit';
import { withDraftAndAudit } from './draft/extras';

export interface ComposeResult {
  doc: ReportDoc | null;
  issues: Issue[];
  /** The document markup the templates produced, for debugging templates. */
  markup?: string;
  /** True when doc is a draft written despite errors (BuildOptions.draft), with comments. */
  draft?: boolean;
  /** The numbers audit of doc (BuildOptions.audit). */
  audit?: AuditMap;
}

export interface BuildOptions {
  /** Last year's dataset, loaded (--previous): 同比 bases and roll-forward checks. */
  previous?: Loaded;
  /** Compose even when rules fail, with a comment on each sentence showing a figure of a failed rule. */
  draft?: boolean;
  /** Also map every number in the text to its source (--audit). */
  audit?: boolean;
}

/**
 * The pure part of a build: raw dataset → validated → composed → rendered → ReportDoc.
 * No file system: loaders and writers sit on either side of it.
 */
export function buildReportDoc(loaded: Loaded, templates: TemplateSet, options: BuildOptions = {}): ComposeResult {
  const validated = validateFinalAccounts(loaded.value, loaded.sourceMap, options.previous ? { previous: options.previous } : {});
  const { issues } = validated;
  // A draft composes a dataset whose only errors are failed rules (BuildOptions.draft).
  const dataset = hasErrors(issues) ? (options.draft ? validated.draft : null) : validated.dataset;
  if (!dataset) return { doc: null, issues };
  const view = composeFinalAccounts(dataset);
  const { markup, registry } = renderTemplate(templates, 'final-accounts/main', view, { textSources: dataTextSources(dataset.input) });
  const blocks = markupToBlocks(markup, registry.sources);
  const m = dataset.input.meta;
  const title = blocks.find((b) => b.type === 'title');
  return withDraftAndAudit({
    doc: {
      properties: {
        title: title && title.type === 'title' ? runsText(title.runs) : '',
        author: m.bureau,
        subject: `${m.district}${m.year}年决算和${m.year + 1}年上半年预算执行情况`,
        keywords: `决算,预算执行,${m.district},${m.year}`,
        created: m.meeting.date,
      },
      blocks,
    },
    issues,
    markup,
  }, dataset, loaded, options);
}
