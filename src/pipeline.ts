import type { Issue } from './model/issue';
import type { ReportDoc } from './model/doc';
import type { Loaded } from './load/json';
import { validateFinalAccounts, hasErrors, sortIssues } from './validate';
import { composeFinalAccounts } from './compose/final-accounts';
import { renderTemplate, type TemplateSet } from './render/engine';
import { markupToBlocks } from './render/markup';
import { runsText } from './model/doc';
import { buildNarrativeDoc } from './pipeline-narrative';
import { attachReports, offsetFigures, type LinkedReports } from './pipeline-attachments';

export interface ComposeResult {
  doc: ReportDoc | null;
  issues: Issue[];
  /** The document markup the templates produced, for debugging templates. */
  markup?: string;
}

/** The report kinds a dataset's `kind` selects. */
export const KINDS = ['final-accounts', 'performance', 'work-plan'] as const;

/**
 * The pure part of a build: raw dataset → validated → composed → rendered → ReportDoc, by the
 * dataset's kind. No file system: loaders and writers sit on either side of it (reports a
 * final-accounts dataset attaches by file name come in `linked`, loaded by the CLI).
 */
export function buildReportDoc(loaded: Loaded, templates: TemplateSet, linked: LinkedReports = new Map()): ComposeResult {
  const kind = (loaded.value as { kind?: unknown } | null)?.kind;
  if (kind === 'performance' || kind === 'work-plan') return buildNarrativeDoc(loaded, templates);
  if (kind !== 'final-accounts') {
    return {
      doc: null,
      issues: [
        {
          code: 'schema-kind',
          severity: 'error',
          message: `数据文件的类型 kind 应为 "final-accounts"（决算报告）、"performance"（预算绩效管理工作情况报告）或 "work-plan"（工作情况及工作计划），实为 ${kind === undefined ? '空（缺少 kind）' : JSON.stringify(kind)}。`,
          place: loaded.sourceMap.locate(kind === undefined ? [] : ['kind']),
          actual: kind === undefined ? '（缺失）' : JSON.stringify(kind),
        },
      ],
    };
  }
  return buildFinalAccountsDoc(loaded, templates, linked);
}

function buildFinalAccountsDoc(loaded: Loaded, templates: TemplateSet, linked: LinkedReports): ComposeResult {
  const validated = validateFinalAccounts(loaded.value, loaded.sourceMap);
  const { dataset } = validated;
  let issues = validated.issues;
  if (!dataset || hasErrors(issues)) return { doc: null, issues };
  const m = dataset.input.meta;
  // Attached reports are built first: the attachment note names them by their titles.
  const attached = attachReports(m.attachments, loaded.sourceMap, templates, linked);
  issues = sortIssues([...issues, ...attached.issues]);
  if (hasErrors(issues)) return { doc: null, issues };
  const view = composeFinalAccounts(dataset, attached.names);
  const { markup, registry } = renderTemplate(templates, 'final-accounts/main', view);
  const blocks = markupToBlocks(markup, registry);
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
      blocks: [...blocks, ...offsetFigures(attached.blocks, registry.figures.length)],
    },
    issues,
    markup,
  };
}
