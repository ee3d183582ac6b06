import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { z } from 'zod';

// Amounts are in 万元 unless a field says otherwise. Numbers only: a figure typed as text
// ("470,383") is refused here with its place, never coerced silently.
export const Amount = z.number().finite();
/** A percentage as printed: 100.08 means 100.08%. */
export const Rate = z.number().finite();
export const Count = z.number().int().nonnegative();
export const Text = z.string().trim().min(1);

/**
 * The years a DOCX can carry a date in: its zip entries are dated in DOS form, 1980 to 2107
 * (docx/zip.ts), and the report's date dates them.
 */
export const DATE_YEARS = { min: 1980, max: 2107 } as const;

const ISO_FORM = /^\d{4}-\d{2}-\d{2}$/;
/** A date of the calendar (no 2025-02-30, no month 13), checked as the composer reads it (date-fns). */
const realDate = (s: string) => !ISO_FORM.test(s) || isValid(parseISO(s));
const yearOf = (s: string) => Number(s.slice(0, 4));
const docxYear = (s: string) => !ISO_FORM.test(s) || !realDate(s) || (yearOf(s) >= DATE_YEARS.min && yearOf(s) <= DATE_YEARS.max);

/** YYYY-MM-DD, a day that exists, in the years a DOCX can hold (zod-issues.ts words each failure). */
export const IsoDate = z
  .string()
  .regex(ISO_FORM, { message: 'date' })
  .refine(realDate, { message: 'date-invalid' })
  .refine(docxYear, { message: 'date-range' });

/**
 * A point of narrative: an optional lead phrase and text. Text may name figures of the
 * dataset's figures table as {{名称}}; the composer formats them by the figure policy.
 */
export const Point = z
  .object({
    lead: Text.optional(),
    text: Text.optional(),
  })
  .strict();

/** A narrative item: lead phrase, optional text, optional points rendered 一是……二是……. */
export const Item = z
  .object({
    lead: Text.optional(),
    text: Text.optional(),
    points: z.array(Point).optional(),
  })
  .strict();

const Display = {
  /** How an amount is shown: in 万元 as typed, or in 亿元 rounded to `digits`. */
  show: z.enum(['万元', '亿元']).optional(),
  /** Decimal places for 亿元 and rates; trailing zeros are always dropped. */
  digits: z.number().int().min(0).max(4).optional(),
  /** For a rate: print 增长/下降/持平 before the absolute value. */
  word: z.enum(['增减']).optional(),
};

/**
 * A figure's unit, printed right after the number: so not starting with a digit ("1个" would print
 * 16 as "161个"), without spaces or line breaks (a line break inside a printed figure splits it),
 * and without braces (they would read as a {{reference}}). zod-issues.ts words each failure.
 */
export const FigureUnit = z
  .string()
  .trim()
  .min(1)
  .max(6)
  .refine((u) => !/^[0-9０-９.．+\-]/.test(u), { message: 'unit-digit' })
  .refine((u) => !/\s/.test(u), { message: 'unit-space' })
  .refine((u) => !/[{}｛｝]/.test(u), { message: 'unit-brace' });

/**
 * A named figure for prose: a value, or one computation (from / sum / difference / ratio / growth),
 * or both — a value stated as in the source text together with how it comes about ("62 个部门" with
 * sum of 56 and 6; "47.04 亿元" from the 万元 figure; "93.68%" as a ratio). Then the value is printed
 * and the computation checks it at the precision the value is typed to (rules figure-*).
 * unit: 万元 | 亿元 | % | 个百分点 | any count word (个, 户, 家, 项, 条, 人次 …).
 */
export const Figure = z
  .object({
    value: z.number().finite().optional(),
    from: z.string().trim().min(1).optional(),
    sum: z.array(z.string()).min(2).optional(),
    difference: z.tuple([z.string(), z.string()]).optional(),
    ratio: z.tuple([z.string(), z.string()]).optional(),
    growth: z.tuple([z.string(), z.string()]).optional(),
    unit: FigureUnit,
    ...Display,
  })
  .strict();

export const Figures = z.record(z.string().trim().min(1), Figure);

export type PointInput = z.infer<typeof Point>;
export type ItemInput = z.infer<typeof Item>;
export type FigureInput = z.infer<typeof Figure>;
