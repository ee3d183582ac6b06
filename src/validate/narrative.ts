import type { Issue } from '../model/issue';
import type { PathSegment } from '../load/path';
import type { SourceMap } from '../load/source-map';
import { MAX_LEVEL, isEmptyBody, isEmptyItem, numberedLevel, numberingOf, startsWithParagraph } from '../compose/narrative';
import { PerformanceSchema, WorkPlanSchema, type NarrativeBodyInput, type NarrativeInput, type NarrativeItemInput, type NarrativeKind } from './schema/narrative';
import { zodToIssues } from './zod-issues';
import { parseProse, reservedFigureNames, resolveFigures, type ResolvedFigure } from './figures';
import { formatFigure } from '../compose/prose';
import { headingNumber } from '../render/markup';
import type { HeadingLevel } from '../model/doc';
import { NARRATIVE_FIGURE_RULES, type ProseText } from './rules/figures';
import { runRules } from './rules';
import { fieldKind } from './field-kinds';
import { plainTextBraceIssues, proseBraceIssues } from './braces';
import { hasErrors, sortIssues, uniqueIssues, type Validation } from './index';
import { dropSpoiled, repairForRules, spoiledFigures, spoiledScope, under } from './partial';
import { pathToString } from '../load/path';
import type { z } from 'zod';

/** A validated performance report or work plan, ready for the composer. */
export interface NarrativeDataset {
  kind: NarrativeKind;
  input: NarrativeInput;
  figures: Map<string, ResolvedFigure>;
}

/** A structural problem, placed by its dataset path. */
export type StructureIssue = Omit<Issue, 'place'> & { path: PathSegment[] };

const SCHEMAS = { performance: PerformanceSchema, 'work-plan': WorkPlanSchema } as const;

/** Errors a draft can be written despite: a figure's stated value and its computation disagree (the value prints). */
const DRAFTABLE = new Set(['figure-from', 'figure-sum', 'figure-difference', 'figure-ratio', 'figure-growth', 'figure-units']);

const cnOrdinal = (i: number) => `第${i + 1}`;
const quote = (s: string) => `“${s.length > 30 ? s.slice(0, 30) + '…' : s}”`;

/** Heading text as printed: figure references formatted where they resolve. */
function display(text: string, figures: Map<string, ResolvedFigure>): string {
  return parseProse(text)
    .map((seg) => {
      if ('text' in seg) return seg.text;
      const f = figures.get(seg.figure);
      return f ? formatFigure(f) : `{{${seg.figure}}}`;
    })
    .join('');
}

/**
 * Walks the document structure: every text with its path and a description a writer recognises
 * (the numbered headings above it as the report prints them, and the item's position), and the
 * structural problems — too many heading levels, empty sections and items (left out of the
 * report, numbering kept consecutive).
 */
export function walkNarrative(input: NarrativeInput, figures: Map<string, ResolvedFigure> = new Map()): { texts: ProseText[]; issues: StructureIssue[] } {
  const style = numberingOf(input);
  const texts: ProseText[] = [];
  const issues: StructureIssue[] = [];
  const add = (path: PathSegment[], text: string | undefined, where: string) => {
    if (text !== undefined) texts.push({ path, text, where });
  };
  const addParagraphs = (path: PathSegment[], t: string | string[] | undefined, where: string) => {
    if (Array.isArray(t)) t.forEach((x, i) => add([...path, i], x, `${where}第${i + 1}段`));
    else add(path, t, where);
  };

  add(['meta', 'title'], input.meta.title, '标题');

  const item = (it: NarrativeItemInput, path: PathSegment[], where: string, numbered: boolean, ctxLevel: number) => {
    const level = numbered ? numberedLevel(ctxLevel) : ctxLevel;
    if (numbered && level > MAX_LEVEL)
      issues.push({
        code: 'narrative-too-deep',
        severity: 'error',
        message: `${where}是编号条目，将成为第 ${level} 级标题；公文标题最多四级（一、（一）1.（1））：请减少上层的层级，或把该列表改为不编号（list 设为 "paragraphs" 或 "enumerated"）。`,
        path: [...path, 'lead'],
      });
    if (isEmptyItem(it))
      issues.push({ code: 'narrative-empty-item', severity: 'warning', message: `${where}没有内容，报告中省略该项（后面的序号自动顺延）。`, path });
    add([...path, 'lead'], it.lead, `${where}的引领语`);
    addParagraphs([...path, 'text'], it.text, `${where}的正文`);
    (it.points ?? []).forEach((pt, k) => {
      add([...path, 'points', k, 'lead'], pt.lead, `${where}第${k + 1}点的引领语`);
      add([...path, 'points', k, 'text'], pt.text, `${where}第${k + 1}点的正文`);
    });
    const sub = it.list === 'numbered';
    (it.items ?? []).forEach((x, k) => item(x, [...path, 'items', k], `${where} › ${cnOrdinal(k)}项`, sub, level));
  };

  const body = (b: NarrativeBodyInput, path: PathSegment[], where: string, level: number) => {
    addParagraphs([...path, 'text'], b.text, where ? `${where}的正文` : '开头的正文');
    const numbered = b.list === 'numbered';
    (b.items ?? []).forEach((it, k) => item(it, [...path, 'items', k], `${where}${where ? ' › ' : ''}${cnOrdinal(k)}项`, numbered, level));
    let n = 0;
    (b.sections ?? []).forEach((s, k) => {
      const sp = [...path, 'sections', k];
      const heading = display(s.heading, figures);
      const printed = isEmptyBody(s) || level + 1 > MAX_LEVEL ? `部分${quote(heading)}` : quote(`${headingNumber((level + 1) as HeadingLevel, ++n, style)}${heading}`);
      const name = `${where}${where ? ' › ' : ''}${printed}`;
      if (level + 1 > MAX_LEVEL)
        issues.push({
          code: 'narrative-too-deep',
          severity: 'error',
          message: `${name}是第 ${level + 1} 级标题；公文标题最多四级（一、（一）1.（1））：请减少层级，或把这一级写成条目（items）。`,
          path: [...sp, 'heading'],
        });
      if (isEmptyBody(s))
        issues.push({ code: 'narrative-empty-section', severity: 'warning', message: `${name}没有内容，报告中省略该部分（后面的序号自动顺延）。`, path: sp });
      else if (s.runIn && !startsWithParagraph(s))
        issues.push({
          code: 'narrative-runin-ignored',
          severity: 'warning',
          message: `${name}要求标题与正文连排（runIn），但这一部分不以段落开头（先是下一级标题或编号条目），标题只能单独成行：请去掉 runIn，或在这一部分开头写一段正文。`,
          path: [...sp, 'runIn'],
        });
      add([...sp, 'heading'], s.heading, `${name}的标题`);
      body(s, sp, name, level + 1);
    });
  };
  body(input, [], '', 0);
  addParagraphs(['closing'], input.closing, '结束语');
  if (isEmptyBody(input))
    issues.push({ code: 'narrative-empty', severity: 'error', message: '报告没有正文：请在 text、items 或 sections 中填写内容。', path: [] });
  return { texts, issues };
}

/** schema (by kind) → figures table → structure → figure rules; collects every issue. */
export function validateNarrative(raw: unknown, sourceMap: SourceMap, options: { unreadable?: readonly string[] } = {}): Validation<NarrativeDataset> {
  const kind = (raw as { kind?: unknown } | null)?.kind;
  const schema = SCHEMAS[kind as NarrativeKind];
  if (!schema) throw new Error(`validateNarrative: kind ${String(kind)}`);
  const reserved = reservedFigureNames(raw, sourceMap);
  const unreadable = options.unreadable ?? [];
  const parsed = schema.safeParse(raw);
  if (!parsed.success || unreadable.length) {
    // Everything in one round: the checks run on every part the schema finds readable.
    const schemaIssues = parsed.success ? [] : zodToIssues(parsed.error, raw, sourceMap).filter((i) => !unreadable.some((u) => under(i.place?.path, u)));
    const repaired = repairForRules(schema as z.ZodType<NarrativeInput>, raw, unreadable);
    if (!repaired) return { dataset: null, issues: uniqueIssues([...reserved, ...schemaIssues]), draft: null };
    const scopes = repaired.broken.map(spoiledScope);
    const figureScopes = [...spoiledFigures(repaired.input.figures, scopes, repaired.input, repaired.broken)].map((n) => pathToString(['figures', n]));
    const rest = dropSpoiled(checkNarrative(repaired.input, sourceMap, schema).issues, [...scopes, ...figureScopes]);
    return { dataset: null, issues: sortIssues(uniqueIssues([...reserved, ...schemaIssues, ...rest])), draft: null };
  }
  const input = parsed.data as NarrativeInput;
  const checked = checkNarrative(input, sourceMap, schema);
  const { figures } = checked;
  const issues = [...reserved, ...checked.issues];
  const sorted = sortIssues(uniqueIssues(issues));
  const ds: NarrativeDataset = { kind: input.kind, input, figures };
  // As in the final-accounts report, only failed checks of figures whose values are there leave a
  // report to draft (build --draft, with the failures as comments); unreadable data does not.
  const blocking = sorted.some((i) => i.severity === 'error' && !DRAFTABLE.has(i.code));
  return { dataset: hasErrors(sorted) ? null : ds, issues: sorted, draft: blocking ? null : ds };
}

function checkNarrative(input: NarrativeInput, sourceMap: SourceMap, schema: z.ZodType): { issues: Issue[]; figures: Map<string, ResolvedFigure> } {
  const { figures, issues } = resolveFigures(input.figures, input, sourceMap);
  const walked = walkNarrative(input, figures);
  for (const { path, ...rest } of walked.issues) issues.push({ ...rest, place: sourceMap.locate(path) });
  issues.push(...proseBraceIssues(walked.texts, sourceMap));
  issues.push(...plainTextBraceIssues(input, sourceMap, walked.texts.map((t) => t.path), (p) => p[0] === 'figures'));
  issues.push(...runRules(NARRATIVE_FIGURE_RULES, { figures, inputs: input.figures, sourceMap, prose: walked.texts, fieldKind: (p) => fieldKind(schema, p) }));
  return { issues, figures };
}
