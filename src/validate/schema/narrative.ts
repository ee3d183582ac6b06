import { z } from 'zod';
import { Figures, IsoDate, Point, Text } from './common';

/**
 * The narrative report kinds: the 预算绩效管理工作情况报告/说明 ("performance") and the
 * 工作情况及工作计划 ("work-plan"). Their structure is data: a district whose report has other
 * sections, more or fewer items, or one level more writes it in its dataset, not in a template.
 *
 * Every text may name figures of the dataset's figures table as {{名称}}.
 */

/** One paragraph, or several in order. */
export const Paragraphs = z.union([Text, z.array(Text).min(1)]);

/**
 * How the items of a list are set: each its own paragraph without a number (paragraphs), each its
 * own paragraph opening 一是、二是 (enumerated), or numbered 1、2、 by the renderer (numbered).
 */
export const ListStyle = z.enum(['paragraphs', 'enumerated', 'numbered']);

export interface NarrativeItemInput {
  lead?: string | undefined;
  text?: string | string[] | undefined;
  points?: z.infer<typeof Point>[] | undefined;
  list?: z.infer<typeof ListStyle> | undefined;
  items?: NarrativeItemInput[] | undefined;
}

/**
 * An item: a lead phrase, its text (the first paragraph joins the lead; more paragraphs follow
 * on their own), points run on as 一是……二是……, and sub-items one level deeper.
 */
export const NarrativeItem: z.ZodType<NarrativeItemInput> = z.lazy(() =>
  z
    .object({
      lead: Text.optional(),
      text: Paragraphs.optional(),
      points: z.array(Point).optional(),
      list: ListStyle.optional(),
      items: z.array(NarrativeItem).optional(),
    })
    .strict(),
);

/** What a section (and the document body itself) holds: paragraphs, then items, then sub-sections. */
export interface NarrativeBodyInput {
  text?: string | string[] | undefined;
  list?: z.infer<typeof ListStyle> | undefined;
  items?: NarrativeItemInput[] | undefined;
  sections?: NarrativeSectionInput[] | undefined;
}

export interface NarrativeSectionInput extends NarrativeBodyInput {
  heading: string;
  runIn?: boolean | undefined;
}

const bodyShape = () => ({
  text: Paragraphs.optional(),
  list: ListStyle.optional(),
  items: z.array(NarrativeItem).optional(),
  sections: z.array(z.lazy(() => NarrativeSection)).optional(),
});

/**
 * A section: a heading (numbered 一、（一）1.（1） by the renderer, never in the data), on its own
 * line or run in with the section's first paragraph (runIn), and its body.
 */
export const NarrativeSection: z.ZodType<NarrativeSectionInput> = z.lazy(() =>
  z
    .object({
      heading: Text,
      runIn: z.boolean().optional(),
      ...bodyShape(),
    })
    .strict(),
);

/**
 * How level-3 headings and numbered items are numbered: "1." (GB/T 9704's 1.) or "1、" (as many
 * reports and work plans number them). Defaults: "1." in a performance report, "1、" in a work plan.
 */
export const NumberStyle = z.enum(['1.', '1、']);

const Meta = {
  district: Text,
  year: z.number().int().min(2000).max(2100),
  /** The report's title; may name figures ({{报告年度}}). */
  title: Text,
  /** The office that writes the report: its 落款 (the work plan prints it under the title); document properties. */
  author: Text,
  numbering: NumberStyle.optional(),
};

export const PerformanceSchema = z
  .object({
    kind: z.literal('performance'),
    meta: z
      .object({
        ...Meta,
        /** Printed after the title in brackets, e.g. 书面 → （书面）. */
        titleNote: Text.optional(),
        /** 各位主任、各位委员： when the report goes to the standing committee. */
        salutation: Text.optional(),
        date: IsoDate.optional(),
      })
      .strict(),
    ...bodyShape(),
    /** Closing paragraphs after the last section, e.g. 以上报告，请予审议。 */
    closing: Paragraphs.optional(),
    figures: Figures.default({}),
  })
  .strict();

export const WorkPlanSchema = z
  .object({
    kind: z.literal('work-plan'),
    meta: z
      .object({
        ...Meta,
        /** The date line under the title: （2025年10月29日）. */
        date: IsoDate,
      })
      .strict(),
    ...bodyShape(),
    closing: Paragraphs.optional(),
    figures: Figures.default({}),
  })
  .strict();

export type PerformanceInput = z.infer<typeof PerformanceSchema>;
export type WorkPlanInput = z.infer<typeof WorkPlanSchema>;
export type NarrativeInput = PerformanceInput | WorkPlanInput;
export type NarrativeKind = NarrativeInput['kind'];
export const NARRATIVE_KINDS: readonly NarrativeKind[] = ['performance', 'work-plan'];
