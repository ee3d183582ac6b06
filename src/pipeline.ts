import type { Issue } from './model/issue';
import type { ReportDoc } from './model/doc';
import type { Loaded } from './load/json';
import { validateFinalAccounts, hasErrors } from './validate';
import { composeFinalAccounts } from './compose/final-accounts';
import { renderTemplate, type TemplateSet } from './render/engine';
import { markupToBlocks } from './render/markup';
import { runsText } from './model/doc';

export interface ComposeResult {
  doc: ReportDoc | null;
  issues: Issue[];
  /** The document markup the templates produced, for debugging templates. */
  markup?: string;
}

/**
 * The pure part of a build: raw dataset → validated → composed → rendered → ReportDoc.
 * No file system: loaders and writers sit on either side of it.
 */
export function buildReportDoc(loaded: Loaded, templates: TemplateSet): ComposeResult {
  const validation = validateFinalAccounts(loaded.value, loaded.sourceMap);
  const { dataset } = validation;
  const issues = loaded.issues?.length ? [...validation.issues, ...loaded.issues] : validation.issues;
  if (!dataset || hasErrors(issues)) return { doc: null, issues };
  const view = composeFinalAccounts(dataset);
  const { markup, registry } = renderTemplate(templates, 'final-accounts/main', view);
  const blocks = markupToBlocks(markup, registry.sources);
  const m = dataset.input.meta;
  const title = blocks.find((b) => b.type === 'title');
  return {
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
  };
}
