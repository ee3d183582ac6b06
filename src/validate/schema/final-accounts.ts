import { z } from 'zod';
import { Amount, Count, Figures, IsoDate, Item, Rate, Text } from './common';
import { DatasetTables } from './tables';
import { Classified } from './classified';

/** A part counted inside a line or a total, printed in brackets after it: （含上年结转资金y）. */
const Part = z.object({ label: Text, amount: Amount }).strict();

/**
 * A line of a budget side other than the year's own income or spending: label as the report words it.
 * deduct: a line subtracted from the side (上解支出 taken off income to give 可用资金), worded 减/扣除
 * by the house style and subtracted in the budget-total identity; its amount is typed positive.
 */
const Line = z.object({ label: Text, amount: Amount, deduct: z.boolean().optional(), includes: z.array(Part).optional() }).strict();

/** A revenue item of the year's own income (税收收入, 增值税 …): amount, rate against its budget, growth. */
type RevenueItemInput = {
  label: string;
  amount: number;
  budget?: number | undefined;
  completionRate?: number | undefined;
  lastYear?: number | undefined;
  growth?: number | undefined;
  items?: RevenueItemInput[] | undefined;
};
const RevenueItem: z.ZodType<RevenueItemInput> = z.lazy(() =>
  z
    .object({
      label: Text,
      amount: Amount,
      budget: Amount.optional(),
      completionRate: Rate.optional(),
      lastYear: Amount.optional(),
      growth: Rate.optional(),
      /** Its own parts (增值税 … under 税收收入): a 其中 list, at most the item's amount. */
      items: z.array(RevenueItem).optional(),
    })
    .strict(),
);

/**
 * The year's own income or spending (当年收入/支出). The completion rate may be given, or computed
 * from the adjusted budget; growth may be given, or computed from last year's figure.
 */
const Current = z
  .object({
    amount: Amount,
    adjustedBudget: Amount.optional(),
    completionRate: Rate.optional(),
    lastYear: Amount.optional(),
    growth: Rate.optional(),
    /** Growth on a comparable basis (可比/同口径增长), printed beside or instead of the natural one by the style. */
    comparableGrowth: Rate.optional(),
    /** 超收 (amount − adjusted budget), stated; checked against the two when the budget is given. */
    surplus: Amount.optional(),
    /** Revenue items (税收收入, 非税收入 …): the top level adds up to the amount. */
    items: z.array(RevenueItem).optional(),
  })
  .strict();

const Side = z
  .object({
    total: Amount,
    current: Current.optional(),
    lines: z.array(Line),
    /** Parts counted inside the total, printed （含…） after it. */
    includes: z.array(Part).optional(),
  })
  .strict();

/**
 * One scope of a budget. Most districts list 结转下年 on the spending side, so 总收入 = 总支出; a
 * district that shows the year-end balance separately gives it as yearEndBalance, and then
 * 总收入 = 总支出 + 年终结余 (rule budget-balance follows the form used).
 */
const Scope = z.object({ income: Side, expenditure: Side, yearEndBalance: Amount.optional() }).strict();
/** level (区级/区本级) is left out by districts that report the budget for the whole district only. */
const Budget = z.object({ district: Scope, level: Scope.optional() }).strict();

/** Social insurance: the rate is against the (unadjusted) budget. */
const SocialFlow = z
  .object({
    amount: Amount,
    budget: Amount.optional(),
    completionRate: Rate.optional(),
    lastYear: Amount.optional(),
    growth: Rate.optional(),
  })
  .strict();

const SocialScope = z
  .object({
    income: SocialFlow,
    expenditure: SocialFlow,
    net: Amount,
    accumulated: Amount,
    lastYearAccumulated: Amount.optional(),
  })
  .strict();

const HalfFlow = z
  .object({
    amount: Amount,
    initialBudget: Amount.optional(),
    completionRate: Rate.optional(),
    lastYear: Amount.optional(),
    growth: Rate.optional(),
  })
  .strict();

const HalfScope = z.object({ income: HalfFlow, expenditure: HalfFlow }).strict();
const HalfBudget = z.object({ district: HalfScope, level: HalfScope.optional() }).strict();

const GeneralAndSpecial = z.object({ total: Amount, general: Amount, special: Amount }).strict();

const Repayment = z.object({ amount: Amount, ownFunds: Amount, refinancing: Amount }).strict();

const Debt = z
  .object({
    approval: Text,
    limit: GeneralAndSpecial,
    /**
     * otherChange: other changes of the balance this year besides bonds issued and principal repaid
     * (debt transferred in or out, written off), for the roll-forward check against last year.
     */
    balance: GeneralAndSpecial.extend({ note: Text.optional(), otherChange: Amount.optional() }).strict(),
    bonds: z
      .object({
        total: Amount,
        newBonds: z
          .object({
            amount: Amount,
            projectCount: Count.optional(),
            uses: z.array(z.object({ label: Text, amount: Amount }).strict()),
          })
          .strict(),
        refinancing: z
          .object({
            amount: Amount,
            uses: z.array(z.object({ amount: Amount, purpose: Text }).strict()),
          })
          .strict(),
      })
      .strict(),
    interest: GeneralAndSpecial,
    principal: z.object({ total: Amount, general: Repayment, special: Repayment }).strict(),
  })
  .strict();

const Comparable = z.object({ reason: Text, growth: Rate }).strict();

const Analysis = z
  .object({
    /** Growth on a comparable basis, with the reason the basis changed. */
    incomeComparable: Comparable.optional(),
    tax: z
      .object({
        amount: Amount,
        /** Given, or computed from last year's dataset (--previous). */
        growth: Rate.optional(),
        comparable: Comparable.optional(),
        lastYearShare: Rate.optional(),
      })
      .strict(),
    incomeFeatures: z.array(Item),
    expenditureFeatures: z.array(Item),
    fundIncomeReason: Text.optional(),
    fundExpenditureReason: Text.optional(),
    problems: z.array(Item),
  })
  .strict();

export const FinalAccountsSchema = z
  .object({
    kind: z.literal('final-accounts'),
    meta: z
      .object({
        district: Text,
        fullName: Text,
        year: z.number().int().min(2000).max(2100),
        government: Text,
        reviewer: Text,
        bureau: Text,
        speaker: z.object({ title: Text, name: Text }).strict(),
        meeting: z
          .object({
            committee: Text,
            session: Text,
            fullName: Text,
            date: IsoDate,
          })
          .strict(),
        /** The meeting the year's execution was reported to; without it the report says nothing of the comparison. */
        priorMeeting: Text.optional(),
        /** Whether the final figures equal the execution figures reported there (一致), or changed (有所变化, the default). */
        priorMeetingMatch: z.boolean().optional(),
        levelNote: Text.optional(),
        /** Names for the attachment note; an entry {report} attaches a report built from its own dataset (a file name, or the dataset itself). */
        attachments: z.array(z.union([Text, z.object({ report: z.union([Text, z.record(z.string(), z.unknown())]) }).strict()])),
      })
      .strict(),
    /**
     * The house style: an object, or the name of a style file kept beside the dataset. Checked on its
     * own (style/resolve.ts against style/schema.ts), so its errors name the style's file and place.
     */
    style: z.union([Text, z.record(z.string(), z.unknown())]).optional(),
    generalBudget: Budget.extend({
      stabilizationFund: z.object({ used: Amount, added: Amount, balance: Amount }).strict().optional(),
      reserveFund: z.object({ arranged: Amount, spent: Amount, uses: Text }).strict().optional(),
      /** 财政总收入 (一般公共预算收入 plus taxes collected for the central and provincial levels), with its growth. */
      fiscalRevenue: z.object({ amount: Amount, lastYear: Amount.optional(), growth: Rate.optional() }).strict().optional(),
    }).strict(),
    // Every section but the general budget may be absent: an absent section prints nothing.
    fundBudget: Budget.optional(),
    stateCapitalBudget: Budget.optional(),
    socialInsuranceBudget: z.object({ district: SocialScope, level: SocialScope.optional() }).strict().optional(),
    debt: Debt.optional(),
    analysis: Analysis.optional(),
    /** The first half of the next year (上半年执行): absent in a report on the final accounts alone. */
    firstHalf: z
      .object({
        general: HalfBudget,
        fund: HalfBudget.optional(),
        stateCapital: HalfBudget.optional(),
        socialInsurance: HalfBudget.optional(),
        problems: z.array(Item),
        highlights: z.array(Item),
      })
      .strict()
      .optional(),
    plans: z.array(Item).default([]),
    figures: Figures.default({}),
    /**
     * The standard 决算草案表 from the finance system (schema/classified.ts): with them the attachment
     * prints the standard tables in place of the summary tables built from the report's own totals.
     */
    classified: Classified.optional(),
    /** Extra tables of the district's own, appended to the 决算草案表 attachment. */
    tables: DatasetTables.optional(),
  })
  .strict();

export type FinalAccountsInput = z.infer<typeof FinalAccountsSchema>;
