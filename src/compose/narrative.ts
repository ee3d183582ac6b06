import { parseISO } from 'date-fns/parseISO';
import type { ResolvedFigure } from '../validate/figures';
import type {
  NarrativeBodyInput,
  NarrativeInput,
  NarrativeItemInput,
  NarrativeKind,
  NarrativeSectionInput,
} from '../validate/schema/narrative';
import type { DateValue } from '../render/helpers';
import { prose, type PointView, type Prose } from './prose';
import type { NumberingStyle } from '../render/markup';

/**
 * Dataset → view model for the narrative kinds (performance report, work plan). The document's
 * structure comes from the data: the composer settles heading levels, which sections and items are
 * left out (empty ones), whether a heading can run in with what follows, and the register's
 * punctuation; the generic templates (templates/narrative/) only print what they are given, so a
 * district with other sections, more items or one level more needs no template change.
 */

export type ListStyleName = 'paragraphs' | 'enumerated' | 'numbered';

export interface NarrativeItemView {
  lead: Prose | null;
  /** The first paragraph of text, run on after the lead. */
  first: Prose | null;
  points: PointView[];
  /** Further paragraphs of text, each on its own. */
  more: Prose[];
  items: NarrativeItemView[];
  numbered: boolean;
  enumerated: boolean;
  /** Heading level of a numbered item (its number 1、/ 1. /（1） is assigned by the renderer). */
  level: number;
  /** A numbered item's heading takes its first paragraph into the same line. */
  runIn: boolean;
  /** The item has a paragraph of its own (lead, first paragraph or points). */
  hasOwn: boolean;
  hasFirst: boolean;
  /**
   * Its place among the items of its list that have a paragraph of their own, from 0 ({{cn ordinal}}
   * 是): an item holding only sub-items takes no 二是 of its own, and no number 1、 either.
   */
  ordinal: number;
}

export interface NarrativeBodyView {
  paragraphs: Prose[];
  items: NarrativeItemView[];
  sections: NarrativeSectionView[];
}

export interface NarrativeSectionView extends NarrativeBodyView {
  heading: Prose;
  level: number;
  runIn: boolean;
}

export interface NarrativeView {
  kind: NarrativeKind;
  title: Prose;
  titleNote: string | null;
  salutation: string | null;
  author: string;
  date: DateValue | null;
  body: NarrativeBodyView;
  closing: Prose[];
  /** What follows a lead phrase or a run-in heading: 。 in a report, ： in a work plan. */
  leadMark: string;
  /**
   * The 落款 at the end of a standalone performance report or 说明: the office that wrote it and
   * its date where the data gives one. None in a work plan (which prints both under its title) or
   * in a report attached to the final-accounts report (which is signed as a whole).
   */
  signature: { author: string; date: DateValue | null } | null;
}

export interface ComposeNarrativeOptions {
  /** Built as an attachment of the final-accounts report (pipeline-attachments.ts): no 落款 of its own. */
  attached?: boolean;
}

/** Heading levels: 一、（一）1.（1） — four, by GB/T 9704. */
export const MAX_LEVEL = 4;

/**
 * The heading level of numbered items in a body at `level` (0 for the document body): one below
 * it, but never above level 3, so numbered items print 1、/ 1. directly under a 一、 section (the
 * way work plans and reports number them) and （1） under a 1. heading.
 */
export function numberedLevel(level: number): number {
  return Math.max(3, level + 1);
}

export const paragraphsOf = (t: string | string[] | undefined): string[] => (t === undefined ? [] : Array.isArray(t) ? t : [t]);

export function isEmptyItem(it: NarrativeItemInput): boolean {
  return !it.lead && !paragraphsOf(it.text).length && !(it.points ?? []).some((p) => p.lead || p.text) && (it.items ?? []).every(isEmptyItem);
}

export function isEmptyBody(b: NarrativeBodyInput): boolean {
  return !paragraphsOf(b.text).length && (b.items ?? []).every(isEmptyItem) && (b.sections ?? []).every(isEmptyBody);
}

// A mark typed at the end of a lead or heading is dropped: the register adds its own.
const stripStop = (s: string) => s.replace(/[。；;.：:，,]+$/u, '');

export const LEAD_MARK: Record<NarrativeKind, string> = { performance: '。', 'work-plan': '：' };

export function composeNarrative(input: NarrativeInput, figures: Map<string, ResolvedFigure>, options: ComposeNarrativeOptions = {}): NarrativeView {
  const p = (text: string) => prose(text, figures);

  const item = (it: NarrativeItemInput, style: ListStyleName, ctxLevel: number): NarrativeItemView => {
    const numbered = style === 'numbered';
    const level = numbered ? numberedLevel(ctxLevel) : ctxLevel;
    const texts = paragraphsOf(it.text);
    const points = (it.points ?? []).filter((pt) => pt.lead || pt.text).map((pt) => ({ lead: pt.lead ? p(stripStop(pt.lead)) : null, text: pt.text ? p(pt.text) : null }));
    const items = (it.items ?? []).filter((x) => !isEmptyItem(x)).map((x) => item(x, it.list ?? 'paragraphs', level));
    const first = texts[0] !== undefined ? p(texts[0]) : null;
    const hasFirst = first !== null || points.length > 0;
    return {
      lead: it.lead ? p(stripStop(it.lead)) : null,
      first,
      points,
      more: texts.slice(1).map(p),
      items: numberOwn(items),
      numbered,
      enumerated: style === 'enumerated',
      level,
      runIn: numbered && hasFirst,
      hasOwn: !!it.lead || hasFirst,
      hasFirst,
      ordinal: 0,
    };
  };

  const body = (b: NarrativeBodyInput, level: number): NarrativeBodyView => ({
    paragraphs: paragraphsOf(b.text).map(p),
    items: numberOwn((b.items ?? []).filter((x) => !isEmptyItem(x)).map((x) => item(x, b.list ?? 'paragraphs', level))),
    sections: (b.sections ?? []).filter((s) => !isEmptyBody(s)).map((s) => section(s, level + 1)),
  });

  const section = (s: NarrativeSectionInput, level: number): NarrativeSectionView => {
    const b = body(s, level);
    // A run-in heading needs a paragraph to run into; before a heading it stands on its own line.
    const runIn = !!s.runIn && startsWithParagraph(s);
    // Run in, the register's mark follows it (template); on its own line it keeps what the data wrote.
    return { heading: p(runIn ? stripStop(s.heading) : s.heading), level, runIn, ...b };
  };

  const m = input.meta;
  return {
    kind: input.kind,
    title: p(m.title),
    titleNote: input.kind === 'performance' ? (input.meta.titleNote ?? null) : null,
    salutation: input.kind === 'performance' ? (input.meta.salutation ?? null) : null,
    author: m.author,
    date: input.kind === 'work-plan' ? { kind: 'date', date: parseISO(input.meta.date), src: { path: 'meta.date' } } : null,
    body: body(input, 0),
    closing: paragraphsOf(input.closing).map(p),
    leadMark: LEAD_MARK[input.kind],
    signature:
      input.kind === 'performance' && !options.attached
        ? { author: m.author, date: input.meta.date ? { kind: 'date', date: parseISO(input.meta.date), src: { path: 'meta.date' } } : null }
        : null,
  };
}

/** Numbers the items of one list that have a paragraph of their own (NarrativeItemView.ordinal). */
function numberOwn(items: NarrativeItemView[]): NarrativeItemView[] {
  let n = 0;
  for (const it of items) if (it.hasOwn) it.ordinal = n++;
  return items;
}

function itemStartsWithParagraph(it: NarrativeItemInput, style: ListStyleName): boolean {
  if (style === 'numbered') return false;
  if (it.lead || paragraphsOf(it.text).length || (it.points ?? []).some((p) => p.lead || p.text)) return true;
  const first = (it.items ?? []).find((x) => !isEmptyItem(x));
  return first !== undefined && itemStartsWithParagraph(first, it.list ?? 'paragraphs');
}

/**
 * Whether a body starts with a paragraph a run-in heading can run into: its text, or a first item
 * (not numbered) with a paragraph of its own. Before a sub-heading or a numbered item a heading
 * stands on its own line (and validation warns that the runIn is not honoured).
 */
export function startsWithParagraph(b: NarrativeBodyInput): boolean {
  if (paragraphsOf(b.text).length) return true;
  const first = (b.items ?? []).find((x) => !isEmptyItem(x));
  return first !== undefined && itemStartsWithParagraph(first, b.list ?? 'paragraphs');
}

/** The heading numbering of a report: its own choice (meta.numbering), else its kind's. */
export function numberingOf(input: NarrativeInput): NumberingStyle {
  const n = input.meta.numbering ?? (input.kind === 'work-plan' ? '1、' : '1.');
  return n === '1、' ? 'workplan' : 'official';
}

/** The title as plain text (figures formatted), for file names, properties and attachment notes. */
export function narrativeTitleText(input: NarrativeInput, figures: Map<string, ResolvedFigure>): string {
  return prose(input.meta.title, figures)
    .parts.map((x) => (typeof x === 'string' ? x : x.text))
    .join('');
}
