import type { Issue } from './model/issue';
import type { ReportDoc } from './model/doc';
import type { Source } from './model/source';
import type { Loaded } from './load/json';
import { validateFinalAccounts, hasErrors, sortIssues } from './validate';
import { composeFinalAccounts } from './compose/final-accounts';
import { renderTemplate, type TemplateSet, type TextSources } from './render/engine';
import { markupToBlocks } from './render/markup';
import { runsText } from './model/doc';
import { buildNarrativeDoc } from './pipeline-narrative';
import { attachReports, offsetFigures, type LinkedReports } from './pipeline-attachments';
import { dataTextSources } from './audit/text-sources';
import { auditReport, type AuditMap } from './audit';
import { withDraftAndAudit } from './draft/extras';
import { kindIssue } from './validate/dataset-kind';
import { resolveStyle, type StyleOrigin } from './style/resolve';
import { unsourcedIssues } from './render/unsourced';

export interface ComposeResult {
  doc: ReportDoc | null;
  issues: Issue[];
  /** The document markup the templates produced, for debugging templates. */
  markup?: string;
  /** True when doc is a draft written despite errors (BuildOptions.draft), with comments. */
  draft?: boolean;
  /** The numbers audit of doc (BuildOptions.audit). */
  audit?: AuditMap;
  /** The house style a final-accounts report is written in: its name and where it came from. */
  style?: { name: string | null; origin: StyleOrigin };
}

export interface BuildOptions {
  /** Last year's dataset, loaded (--previous): 同比 bases and roll-forward checks. */
  previous?: Loaded;
  /** Compose even when rules fail, with a comment on each sentence showing a figure of a failed rule. */
  draft?: boolean;
  /** Also map every number in the text to its source (--audit). */
  audit?: boolean;
  /** Reports a final-accounts dataset attaches by file name, loaded by the CLI (load/linked.ts). */
  linked?: LinkedReports;
  /** Mark each block with its place in the report (Block.place), for `adopt`. */
  probe?: boolean;
  /**
   * Print a style's {{?…}} numbers as typed instead of refusing them (style/resolve.ts): only for
   * `adopt`'s own builds, which compare the style with last year's report the numbers came from.
   */
  allowUnplaced?: boolean;
  /**
   * A house-style file given for this build (batch config `style`, `--style`, the web page's
   * 格式文件), loaded: a style, or a final-accounts dataset whose style is taken. It overrides the
   * dataset's own `style`. Only final-accounts reports have a style.
   */
  style?: Loaded;
}

export { KINDS } from './validate/dataset-kind';

/**
 * The pure part of a build: raw dataset → validated → composed → rendered → ReportDoc, by the
 * dataset's kind. No file system: loaders and writers sit on either side of it (reports a
 * final-accounts dataset attaches by file name come in `linked`, loaded by the CLI).
 */
export function buildReportDoc(loaded: Loaded, templates: TemplateSet, options: BuildOptions = {}): ComposeResult {
  const kind = (loaded.value as { kind?: unknown } | null)?.kind;
  if (kind === 'performance' || kind === 'work-plan')
    return withLoaderIssues(loaded, refuseUnsourced(buildNarrativeDoc(loaded, templates, { ...(options.draft ? { draft: true } : {}), ...(options.audit ? { audit: true } : {}) }), templates));
  if (kind !== 'final-accounts') return { doc: null, issues: [kindIssue(loaded.value, loaded.sourceMap)] };
  return withLoaderIssues(loaded, refuseUnsourced(buildFinalAccountsDoc(loaded, templates, options), templates));
}

/**
 * Every number in a document comes from the data: a number a template typed (no figure, ordinal or
 * data text behind it) is an error of the build, whatever the kind, attachments included, so no
 * document is returned and the CLI, the batch and the web page all refuse it.
 */
function refuseUnsourced(result: ComposeResult, templates: TemplateSet): ComposeResult {
  if (!result.doc) return result;
  const found = unsourcedIssues(result.doc, templates);
  if (!found.length) return result;
  return { doc: null, issues: sortIssues([...found, ...result.issues]), ...(result.markup !== undefined ? { markup: result.markup } : {}) };
}

/** What the loader noticed (a workbook's stale formula result, recomputed) joins the build's issues. */
function withLoaderIssues(loaded: Loaded, result: ComposeResult): ComposeResult {
  return loaded.issues?.length ? { ...result, issues: sortIssues([...result.issues, ...loaded.issues]) } : result;
}

/**
 * Data text sources, plus the titles of attached reports, which the attachment note prints: each is
 * traced to the attached report's own title (a derivation, since the title comes from that report).
 */
function attachedTitles(entries: readonly unknown[], names: string[], base: TextSources): TextSources {
  const titles = new Map<string, Source>();
  entries.forEach((e, i) => {
    if (typeof e !== 'string' && names[i]) titles.set(names[i]!, { derivation: '附件报告标题', inputs: [{ path: `meta.attachments[${i}].report.meta.title` }] });
  });
  const find: TextSources = (text) => titles.get(text) ?? base(text);
  if (base.within) find.within = base.within;
  return find;
}

function buildFinalAccountsDoc(loaded: Loaded, templates: TemplateSet, options: BuildOptions): ComposeResult {
  const validated = validateFinalAccounts(loaded.value, loaded.sourceMap, options.previous ? { previous: options.previous } : {});
  let issues = validated.issues;
  // A draft composes a dataset whose only errors are failed rules (BuildOptions.draft).
  const dataset = hasErrors(issues) ? (options.draft ? validated.draft : null) : validated.dataset;
  if (!dataset) return { doc: null, issues };
  const m = dataset.input.meta;
  // Attached reports are built first: the attachment note names them by their titles.
  const attached = attachReports(m.attachments, loaded.sourceMap, templates, options.linked ?? new Map(), m);
  issues = sortIssues([...issues, ...attached.issues]);
  if (attached.issues.some((i) => i.severity === 'error')) return { doc: null, issues };
  // The house style: the style file given for the build, else the dataset's own, or the style file it
  // names (loaded with the attached reports).
  const styled = resolveStyle(dataset.input, loaded.sourceMap, options.linked ?? new Map(), dataset.figures, dataset.previous, options.style, { allowUnplaced: options.allowUnplaced === true });
  issues = sortIssues([...issues, ...styled.issues]);
  if (styled.issues.some((i) => i.severity === 'error')) return { doc: null, issues };
  // The view goes as soon as the templates have printed it, and the figure registry once the blocks
  // are read: with a long table, the view, the markup's tokens and the blocks are each large.
  const { markup, blocks, figureCount } = (() => {
    const rendered = renderTemplate(templates, 'final-accounts/main', composeFinalAccounts(dataset, attached.names, styled.style, { probe: options.probe === true }), {
      textSources: attachedTitles(m.attachments, attached.names, dataTextSources(dataset.input)),
    });
    return { markup: rendered.markup, blocks: markupToBlocks(rendered.markup, rendered.registry), figureCount: rendered.registry.figures.length };
  })();
  const title = blocks.find((b) => b.type === 'title');
  return withDraftAndAudit({
    doc: {
      properties: {
        title: title && title.type === 'title' ? runsText(title.runs) : '',
        author: m.bureau,
        subject: `${m.district}${m.year}年决算${dataset.input.firstHalf ? `和${m.year + 1}年上半年预算执行情况` : ''}`,
        keywords: `决算,预算执行,${m.district},${m.year}`,
        created: m.meeting.date,
        origin: { kind: 'final-accounts', district: m.district, year: m.year },
      },
      blocks: [...blocks, ...offsetFigures(attached.blocks, figureCount)],
    },
    issues,
    markup,
    style: { name: styled.style.name, origin: styled.origin },
  }, dataset.input, loaded, options, dataset.previous, styled.file);
}
