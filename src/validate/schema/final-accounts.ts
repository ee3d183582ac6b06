import { z } from 'zod';
import { Amount, Count, Figures, IsoDate, Item, Rate, Text } from './common';
import { DatasetTables } from './tables';

/** A line of a budget side other than the year's own income or spending: label as the report words it. */
const Line = z.object({ label: Text, amount: Amount }).strict();

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
  })
  .strict();

const Side = z
  .object({
    total: Amount,
    current: Current.optional(),
    lines: z.array(Line),
  })
  .strict();

/**
 * One scope of a budget. Most districts list 结转下年 on the spending side, so 总收入 = 总支出; a
 * district that shows the year-end balance separately gives it as yearEndBalance, and then
 * 总收入 = 总支出 + 年终结余 (rule budget-balance follows the form used).
 */
const Scope = z.object({ income: Side, expenditure: Side, yearEndBalance: Amount.optional() }).strict();
const Budget = z.object({ district: Scope, level: Scope }).strict();

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
const HalfBudget = z.object({ district: HalfScope, level: HalfScope }).strict();

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
        priorMeeting: Text,
        levelNote: Text.optional(),
        /** Names for the attachment note; an entry {report} attaches a report built from its own dataset (a file name, or the dataset itself). */
        attachments: z.array(z.union([Text, z.object({ report: z.union([Text, z.record(z.string(), z.unknown())]) }).strict()])),
      })
      .strict(),
    generalBudget: Budget.extend({
      stabilizationFund: z.object({ used: Amount, added: Amount, balance: Amount }).strict(),
      reserveFund: z.object({ arranged: Amount, spent: Amount, uses: Text }).strict(),
    }).strict(),
    fundBudget: Budget,
    stateCapitalBudget: Budget,
    socialInsuranceBudget: z.object({ district: SocialScope, level: SocialScope }).strict(),
    debt: Debt,
    analysis: Analysis,
    firstHalf: z
      .object({
        general: HalfBudget,
        fund: HalfBudget,
        stateCapital: HalfBudget,
        socialInsurance: HalfBudget,
        problems: z.array(Item),
        highlights: z.array(Item),
      })
      .strict(),
    plans: z.array(Item),
    figures: Figures.default({}),
    /** Extra tables of the district's own, appended to the 决算草案表 attachment. */
    tables: DatasetTables.optional(),
  })
  .strict();

export type FinalAccountsInput = z.infer<typeof FinalAccountsSchema>;
