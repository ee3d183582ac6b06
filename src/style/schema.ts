import { z } from 'zod';

/**
 * A district's house style for the final-accounts report, as data. Every field has the default
 * that reproduces the report as the tool wrote it before styles existed (the 莱芜区 example), so
 * `{}` is the default style and a district states only where it differs. Values are the words a
 * writer sees in the workbook's 格式 sheet (drop-downs), not codes.
 */

const Text = z.string().trim().min(1);
const Digits = z.number().int().min(0).max(4);

/** How a kind of number prints: decimal places, trailing zeros kept (8.0%) or dropped (8%). */
const NumberFormat = z
  .object({
    /** Decimal places (rounded half away from zero). */
    digits: Digits.optional(),
    /** Keep trailing zeros to the stated places: 增长8.0%, 10.60亿元. */
    keepZeros: z.boolean().optional(),
  })
  .strict();

const AmountFormat = NumberFormat.extend({
  /** 万元 as typed, or 亿元 rounded to digits (default two). */
  unit: z.enum(['万元', '亿元']).optional(),
  /** Thousands separators: 1,254,300万元. */
  thousands: z.boolean().optional(),
}).strict();

export const FRAMES = ['其中', '加上', '合计'] as const;
export const TOTAL_WORD_KEYS = ['收入', '支出', ...['一般公共预算', '政府性基金预算', '国有资本经营预算'].flatMap((b) => [`${b}收入`, `${b}支出`])] as [string, ...string[]];
export const RATE_WORDS = ['完成调整预算的', '为调整预算的', '为预算的', '完成预算的', '完成预算数的', '完成年度计划'] as const;
export const GROWTH_WORDS = ['同比增长', '增长', '比上年增长', '比上年年份增长（下同）'] as const;
export const COMPARABLE = ['不写', '可比增长', '同口径增长', '只写可比增长'] as const;
export const ORDERS = ['完成率在前', '增长在前'] as const;
export const SEPARATORS = ['；', '、', '，'] as const;
export const JOINERS = ['无', '以及', '，以及', '和'] as const;
export const DEDUCT_WORDS = ['减', '减去', '扣除'] as const;
export const BALANCES = ['不写', '收支决算平衡', '收支相抵'] as const;
export const LAYOUTS = ['分段', '小标题', '同段'] as const;
export const REVENUE_ITEMS = ['不列', '段内', '逐行'] as const;

/**
 * A paragraph written in data: text with {{名称}} figures; zeroText replaces it when all its amounts
 * are 0; `heading` makes it a heading of that level (一、（一）1.（2）numbered by the tool).
 */
export const StyleParagraph = z.union([
  Text,
  z
    .object({
      text: Text,
      zeroText: Text.optional(),
      heading: z.number().int().min(1).max(4).optional(),
    })
    .strict(),
]);

/** Headings a style may word its own way (style.headings), documented in the README. */
export const HEADING_KEYS = [
  '决算情况',
  '一般公共预算',
  '政府性基金预算',
  '国有资本经营预算',
  '社会保险基金预算',
  '政府债务',
  '财政运行特点',
  '一般公共预算收支分析',
  '政府性基金预算收支分析',
  '当前存在的主要问题',
  '上半年预算执行情况',
  '预算执行情况',
  '当前存在的问题',
  '上半年主要工作',
  '下半年工作打算',
  // The scope sub-headings of the 小标题 layout (1.全区一般公共预算收支决算情况).
  '一般公共预算.全区',
  '一般公共预算.区级',
  '政府性基金预算.全区',
  '政府性基金预算.区级',
  '国有资本经营预算.全区',
  '国有资本经营预算.区级',
  '社会保险基金预算.全区',
  '社会保险基金预算.区级',
] as const;

export const StyleSchema = z
  .object({
    /** The style's name, for the writer's own reference (莱芜区格式, 2025年起). */
    name: Text.optional(),
    /** Income and spending paragraph frame: 其中 list, 加上 … 总量, or 加上 … 合计. */
    frame: z.enum(FRAMES).optional(),
    /**
     * The words before a side's total in the 加上/合计 frames (收入总量为 / 可用财力总计 / 支出合计), by
     * side (收入, 支出) for every budget, or for one budget (一般公共预算收入 …), which wins.
     */
    totalWords: z.partialRecord(z.enum(TOTAL_WORD_KEYS), Text).optional(),
    rateWord: z.enum(RATE_WORDS).optional(),
    growthWord: z.enum(GROWTH_WORDS).optional(),
    comparable: z.enum(COMPARABLE).optional(),
    order: z.enum(ORDERS).optional(),
    /** Print 超收 (or 短收) after the completion rate, from the adjusted budget. */
    surplus: z.boolean().optional(),
    separator: z.enum(SEPARATORS).optional(),
    /** The word before the last item of a list: 以及 / ，以及 / 和, or 无. */
    lastJoiner: z.enum(JOINERS).optional(),
    deductWord: z.enum(DEDUCT_WORDS).optional(),
    /** A sentence after both sides: 全区一般公共预算收支决算平衡。 / 收支相抵，……平衡。 */
    balance: z.enum(BALANCES).optional(),
    /** Each budget paragraph opens with the year (2024年，). */
    yearLead: z.boolean().optional(),
    /** Revenue items of the year's income: not printed, in the paragraph, or one paragraph each. */
    revenueItems: z.enum(REVENUE_ITEMS).optional(),
    scopes: z
      .object({
        /** The whole district as the report names it: 全区 / 区. */
        district: Text.optional(),
        /** The district level: 区级 / 区本级 / 高新区本级. */
        level: Text.optional(),
        /** Each scope its own paragraph, its own sub-heading (1.全区……), or both in one paragraph. */
        layout: z.enum(LAYOUTS).optional(),
      })
      .strict()
      .optional(),
    amounts: AmountFormat.optional(),
    rates: NumberFormat.optional(),
    growth: NumberFormat.optional(),
    /** Per named figure (全区一般公共预算收入增长 …): a format of its own where one report mixes precisions. */
    formats: z.record(Text, AmountFormat).optional(),
    /** The report's title, may name figures and {{区名}}: 关于{{区名}}{{年度}}年财政决算的报告. */
    title: Text.optional(),
    salutation: Text.optional(),
    /** The opening sentence after the salutation; may name figures ({{年度}}). */
    opening: Text.optional(),
    /** Headings by key (HEADING_KEYS); may name figures ({{年度}}年决算情况). */
    headings: z.partialRecord(z.enum(HEADING_KEYS), Text).optional(),
    /**
     * Paragraphs written in data, by place (src/style/places.ts): a budget's scope paragraph
     * (一般公共预算.全区 …), another paragraph of the report (政府债务.限额, 财政运行特点.收入 …),
     * paragraphs after a place (….之后); [] leaves a place's paragraph out.
     */
    paragraphs: z.record(Text, z.union([StyleParagraph, z.array(StyleParagraph)])).optional(),
  })
  .strict();

export type StyleInput = z.infer<typeof StyleSchema>;
export type StyleParagraphInput = z.infer<typeof StyleParagraph>;

/** In a dataset: the style itself, or the name of a style file beside the dataset. */
export const StyleRef = z.union([Text, StyleSchema]);
