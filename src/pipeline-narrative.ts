import type { Loaded } from './load/json';
import type { ComposeResult } from './pipeline';
import { hasErrors } from './validate';
import { validateNarrative } from './validate/narrative';
import { composeNarrative, narrativeTitleText, numberingOf } from './compose/narrative';
import { renderTemplate, type TemplateSet } from './render/engine';
import { dataTextSources } from './audit/text-sources';
import { markupToBlocks } from './render/markup';
import { withDraftAndAudit } from './draft/extras';

/**
 * The pure build of a narrative report (kind "performance" or "work-plan"): validate → compose →
 * render the kind's template → ReportDoc. The same function builds a report standalone and as an
 * attachment of the final-accounts report (pipeline-attachments.ts).
 */
export function buildNarrativeDoc(loaded: Loaded, templates: TemplateSet, options: { attached?: boolean; draft?: boolean; audit?: boolean } = {}): ComposeResult {
  const validated = validateNarrative(loaded.value, loaded.sourceMap);
  const { issues } = validated;
  // A draft (build --draft) composes a dataset whose only errors are failed checks of figures.
  const dataset = hasErrors(issues) ? (options.draft && !options.attached ? validated.draft : null) : validated.dataset;
  if (!dataset) return { doc: null, issues };
  const { input, figures, kind } = dataset;
  const view = composeNarrative(input, figures, options);
  // Data text that carries digits (a month, a document number) is traced to its field, as in the final-accounts report.
  const { markup, registry } = renderTemplate(templates, `${kind}/main`, view, { textSources: dataTextSources(input) });
  const blocks = markupToBlocks(markup, registry, numberingOf(input));
  const title = narrativeTitleText(input, figures);
  const m = input.meta;
  return withDraftAndAudit({
    doc: {
      properties: {
        title,
        author: m.author,
        subject: title,
        keywords: `${kind === 'work-plan' ? '工作计划' : '预算绩效管理'},${m.district},${m.year}`,
        // Without a date of its own, the report is dated by its year's end: never by the clock.
        created: m.date ?? `${m.year}-12-31`,
        origin: { kind, district: m.district, year: m.year },
      },
      blocks,
    },
    issues,
    markup,
  }, input, loaded, options);
}
