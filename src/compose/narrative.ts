import { parseISO } from 'date-fns';
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

export function composeNarrative(input: NarrativeInput, figures: Map<string, ResolvedFigure>): NarrativeView {
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
      items,
      numbered,
      enumerated: style === 'enumerated',
      level,
      runIn: numbered && hasFirst,
      hasOwn: !!it.lead || hasFirst,
      hasFirst,
    };
  };

  const body = (b: NarrativeBodyInput, level: number): NarrativeBodyView => ({
    paragraphs: paragraphsOf(b.text).map(p),
    items: (b.items ?? []).filter((x) => !isEmptyItem(x)).map((x) => item(x, b.list ?? 'paragraphs', level)),
    sections: (b.sections ?? []).filter((s) => !isEmptyBody(s)).map((s) => section(s, level + 1)),
  });

  const section = (s: NarrativeSectionInput, level: number): NarrativeSectionView => {
    const b = body(s, level);
    // A run-in heading needs a paragraph to run into; before a heading it stands on its own line.
    return { heading: p(stripStop(s.heading)), level, runIn: !!s.runIn && startsWithParagraph(b), ...b };
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
  };
}

function itemStartsWithParagraph(it: NarrativeItemView): boolean {
  if (it.numbered) return false;
  if (it.hasOwn) return true;
  return it.items[0] !== undefined && itemStartsWithParagraph(it.items[0]);
}

function startsWithParagraph(b: NarrativeBodyView): boolean {
  if (b.paragraphs.length) return true;
  return b.items[0] !== undefined && itemStartsWithParagraph(b.items[0]);
}

/** The title as plain text (figures formatted), for file names, properties and attachment notes. */
export function narrativeTitleText(input: NarrativeInput, figures: Map<string, ResolvedFigure>): string {
  return prose(input.meta.title, figures)
    .parts.map((x) => (typeof x === 'string' ? x : x.text))
    .join('');
}
