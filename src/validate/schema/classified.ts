import { z } from 'zod';
import { Amount, Rate, Text } from './common';
import { CLASSIFIED_KEYS, type ClassifiedKey } from '../../model/classified';

/**
 * The standard 决算草案表 as the finance system gives them (model/classified.ts lists the tables and
 * their rows). A row is recognised by its 科目编码 (the debt tables: by an item key); its name is
 * the standard one unless given. Columns as the export has them: 预算数, 调整预算数, 决算数,
 * 决算数为调整预算数的% (社会保险基金: 为预算数的%), 上年决算数, 决算数为上年决算数的%. A percentage may
 * be given, or its base, or both (then they must agree).
 */
const Figures = {
  budget: Amount.optional(),
  adjustedBudget: Amount.optional(),
  amount: Amount.optional(),
  completionRate: Rate.optional(),
  lastYear: Amount.optional(),
  lastYearRatio: Rate.optional(),
};

export const ClassifiedRow = z
  .object({
    /** 科目编码 (类 3 digits, 款 5, 项 7), or a debt table's item key (limit, balance …). */
    code: z.string().trim().regex(/^(\d{3}|\d{5}|\d{7}|lastYearBalance|limit|issued|repaid|balance)$/, { message: 'classified-code' }),
    /** The name as printed; the standard name of the code when absent. */
    name: Text.optional(),
    ...Figures,
  })
  .strict();

export const ClassifiedTable = z
  .object({
    /** The 合计 row; its 决算数 is the sum of the top-level rows when absent. */
    total: z.object(Figures).strict().optional(),
    rows: z.array(ClassifiedRow),
    /** A line under the table (an empty table gets the standard note without it). */
    note: Text.optional(),
    /**
     * Only in 一般公共预算收入决算表: the codes whose rows the report's text prints as revenue items
     * (税收收入 and the taxes under it …); by default every 类 with its 款.
     */
    textItems: z.array(z.string().trim()).optional(),
  })
  .strict();

export const Classified = z.object(Object.fromEntries(CLASSIFIED_KEYS.map((k) => [k, ClassifiedTable.optional()])) as Record<ClassifiedKey, z.ZodOptional<typeof ClassifiedTable>>).strict();

export type ClassifiedRowInput = z.infer<typeof ClassifiedRow>;
export type ClassifiedTableInput = z.infer<typeof ClassifiedTable>;
export type ClassifiedInput = z.infer<typeof Classified>;

/** The JSON Schema of the `classified` section, for editors and the finance system's exporters (npm run schema, checked by a test). */
export function classifiedJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(Classified, { io: 'input', target: 'draft-2020-12', reused: 'ref' }),
    title: 'fiscal-report 决算草案表（classified：财政系统的标准表）',
    description: '决算报告数据文件的 classified 部分：每张标准表一项（generalIncome 一般公共预算收入决算表……），rows 为各科目（code 为政府收支分类科目编码），total 为合计行。金额单位万元，百分比填百分数。',
  };
}
