import { FinalAccountsSchema } from '../validate/schema/final-accounts';
import { STYLE_SHEET } from './style-sheet';
import { CLASSIFIED_TABLES } from '../model/classified';
import { DISTRICT_ROW, KIND_ROW, newWorkbookName, prefillDistrictYear, type ClassifiedSheet, type GridRow, type GridSheet, type KindWorkbook, type ValueColumn } from './spec';

// The final-accounts (决算) workbook: one sheet per part of the report.

const SCOPES: ValueColumn[] = [
  { key: 'district', title: '全区' },
  { key: 'level', title: '区级' },
];
const VALUE: ValueColumn[] = [{ key: 'value', title: '数值' }];
const TEXT: ValueColumn[] = [{ key: 'value', title: '内容' }];

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const RATE_HINT = '比率与其基数可只填其一，程序计算另一个；都填时须一致';

/** Columns of a budget sheet only its lists use: a deducted line, and the line a part is counted in. */
const LINE_COLUMNS: ValueColumn[] = [
  { key: 'deduct', title: '减项' },
  { key: 'of', title: '含于' },
];

const SECTION_NOTE = '整部分不填即报告中不写该部分';

/** Income or spending of a budget at both scopes: total (a formula), the year's own figure, lines, parts counted in the total. */
function budgetSide(base: string, side: 'income' | 'expenditure', currentLabel: string): GridRow[] {
  const p = `${base}.*.${side}`;
  const word = side === 'income' ? '收入' : '支出';
  const scopeName = (scope: 'district' | 'level') => (scope === 'district' ? '全区' : '区级');
  return [
    {
      kind: 'value',
      path: `${p}.total`,
      label: `${word}合计（总${word}）`,
      type: 'amount',
      unit: '万元',
      formula: `{${p}.current.amount}+{${p}.lines}`,
      hint: `${currentLabel}与下列构成项目之和（公式；减项减去，“含于”某项的不计）`,
    },
    { kind: 'value', path: `${p}.current.amount`, label: currentLabel, type: 'amount', unit: '万元' },
    { kind: 'value', path: `${p}.current.adjustedBudget`, label: '　调整预算数', type: 'amount', unit: '万元' },
    { kind: 'value', path: `${p}.current.completionRate`, label: '　完成调整预算', type: 'rate', unit: '%', hint: RATE_HINT },
    { kind: 'value', path: `${p}.current.lastYear`, label: '　上年数', type: 'amount', unit: '万元' },
    { kind: 'value', path: `${p}.current.growth`, label: '　比上年增长', type: 'rate', unit: '%', hint: RATE_HINT },
    { kind: 'value', path: `${p}.current.comparableGrowth`, label: '　可比（同口径）增长（可不填）', type: 'rate', unit: '%', hint: '报告中怎样写，见“格式”表的“可比增长”' },
    {
      kind: 'value',
      path: `${p}.current.surplus`,
      label: '　超收（可不填）',
      type: 'amount',
      unit: '万元',
      hint: '当年数减调整预算数（短收填负数）；“格式”表“写超收”选“是”时印出',
    },
    ...(['district', 'level'] as const).map(
      (scope): GridRow => ({
        kind: 'list',
        path: `${base}.${scope}.${side}.lines`,
        label: `${word}构成项目（${scopeName(scope)}）：名称填在“项目”列，金额填在“${scopeName(scope)}”列，按报告中的顺序；从${word}中减去的（如 上解支出）“减项”选“是”；某一项中含有的部分（报告中写“（含……）”）在它下面另起一行，“含于”填那一项的名称`,
        fields: [
          { field: 'label', column: 'label', type: 'text' },
          { field: 'amount', column: scope, type: 'amount' },
          { field: 'deduct', column: 'deduct', type: 'bool' },
        ],
        parts: { column: 'of', field: 'includes', depth: 1, fields: ['label', 'amount'] },
        unit: '万元',
        blankRows: 5,
      }),
    ),
    ...(['district', 'level'] as const).map(
      (scope): GridRow => ({
        kind: 'list',
        path: `${base}.${scope}.${side}.includes`,
        label: `${word}合计中含有的部分（${scopeName(scope)}，可不填）：报告中写在合计数之后，如“总${word}T（含上年结转资金y）”`,
        fields: [
          { field: 'label', column: 'label', type: 'text' },
          { field: 'amount', column: scope, type: 'amount' },
        ],
        unit: '万元',
        blankRows: 1,
      }),
    ),
  ];
}

/** A budget's sheet: income, spending, the year-end balance where shown apart, then its own parts (numbered on). */
function budgetSheet(id: string, name: string, base: string, incomeLabel: string, spendLabel: string, note: string, extra: [string, GridRow[]][] = []): GridSheet {
  return {
    type: 'grid',
    id,
    name,
    title: `${name}收支决算（金额单位：万元）`,
    columns: SCOPES,
    listColumns: LINE_COLUMNS,
    note,
    rows: [
      { kind: 'section', label: '一、收入' },
      ...budgetSide(base, 'income', incomeLabel),
      { kind: 'section', label: '二、支出' },
      ...budgetSide(base, 'expenditure', spendLabel),
      { kind: 'section', label: '三、年终结余' },
      {
        kind: 'value',
        path: `${base}.*.yearEndBalance`,
        label: '年终结余（单列时填写，可不填）',
        type: 'amount',
        unit: '万元',
        hint: '结转下年列在支出中时不填（总收入＝总支出）；单列年终结余时填写（总收入＝总支出＋年终结余）',
      },
      ...extra.flatMap(([label, rows], i): GridRow[] => [{ kind: 'section', label: `${NUMERALS[i + 3]}、${label}` }, ...rows]),
    ],
  };
}

/** A flow of the first half or of social insurance: amount, a budget base and its rate, last year and growth. */
function flowRows(p: string, amountLabel: string, baseKey: string, baseLabel: string, rateLabel: string, lastLabel: string, growthLabel: string): GridRow[] {
  return [
    { kind: 'value', path: `${p}.amount`, label: amountLabel, type: 'amount', unit: '万元' },
    { kind: 'value', path: `${p}.${baseKey}`, label: `　${baseLabel}`, type: 'amount', unit: '万元' },
    { kind: 'value', path: `${p}.completionRate`, label: `　${rateLabel}`, type: 'rate', unit: '%', hint: RATE_HINT },
    { kind: 'value', path: `${p}.lastYear`, label: `　${lastLabel}`, type: 'amount', unit: '万元' },
    { kind: 'value', path: `${p}.growth`, label: `　${growthLabel}`, type: 'rate', unit: '%', hint: RATE_HINT },
  ];
}

const ITEM_COLUMNS: ValueColumn[] = [
  { key: 'amount', title: '金额' },
  { key: 'budget', title: '预算数' },
  { key: 'completionRate', title: '完成预算' },
  { key: 'lastYear', title: '上年数' },
  { key: 'growth', title: '比上年增长' },
];

const ITEM_BUDGETS = [
  ['generalBudget', '一般公共预算'],
  ['fundBudget', '政府性基金预算'],
  ['stateCapitalBudget', '国有资本经营预算'],
] as const;

/**
 * Revenue items (税收收入, 增值税 …) of each budget's year's income (and, rarely, spending): a list
 * per budget, scope and side; an item's own items on the rows after it, naming it as 上级项目.
 */
const ITEMS_SHEET: GridSheet = {
  type: 'grid',
  id: 'items',
  name: '收入项目',
  title: '收入项目（金额单位：万元）',
  columns: ITEM_COLUMNS,
  listColumns: [{ key: 'parent', title: '上级项目' }],
  note: '可不填。报告中怎样写（不写、段内、每项一段），见“格式”表的“收入项目”。每行一项，名称填在“项目”列；下级项目（如 税收收入中的增值税）写在上级之后，“上级项目”填上级的名称。完成预算、比上年增长与预算数、上年数可只填其一。填写了“一般公共预算收入决算表”的，全区一般公共预算收入的项目取自该表（在该表“正文中列出”一列选定），这里不再填写。',
  rows: ITEM_BUDGETS.flatMap(([base, name], i): GridRow[] => [
    { kind: 'section', label: `${NUMERALS[i]}、${name}` },
    ...(['income', 'expenditure'] as const).flatMap((side) =>
      (['district', 'level'] as const).map(
        (scope): GridRow => ({
          kind: 'list',
          path: `${base}.${scope}.${side}.current.items`,
          label: `${name}${side === 'income' ? '收入' : '支出'}项目（${scope === 'district' ? '全区' : '区级'}）`,
          fields: [
            { field: 'label', column: 'label', type: 'text' },
            { field: 'amount', column: 'amount', type: 'amount' },
            { field: 'budget', column: 'budget', type: 'amount' },
            { field: 'completionRate', column: 'completionRate', type: 'rate' },
            { field: 'lastYear', column: 'lastYear', type: 'amount' },
            { field: 'growth', column: 'growth', type: 'rate' },
          ],
          parts: { column: 'parent', field: 'items' },
          blankRows: base === 'generalBudget' && side === 'income' ? (scope === 'district' ? 6 : 3) : 1,
        }),
      ),
    ),
  ]),
};

const HALF_PARTS = [
  ['general', '一般公共预算'],
  ['fund', '政府性基金预算'],
  ['stateCapital', '国有资本经营预算'],
  ['socialInsurance', '社会保险基金预算'],
] as const;

export const FINAL_ACCOUNTS_WORKBOOK: KindWorkbook = {
  kind: 'final-accounts',
  name: '决算报告',
  schema: FinalAccountsSchema,
  fileName: newWorkbookName('决算报告数据'),
  prefill: prefillDistrictYear,
  sheets: [
    {
      type: 'grid',
      id: 'meta',
      name: '基本信息',
      title: '基本信息',
      columns: TEXT,
      rows: [
        KIND_ROW,
        DISTRICT_ROW,
        { kind: 'value', path: 'meta.fullName', label: '区全称（如 济南市莱芜区）', type: 'text' },
        { kind: 'value', path: 'meta.year', label: '决算年度', type: 'int', unit: '年' },
        { kind: 'value', path: 'meta.government', label: '区人民政府', type: 'text' },
        { kind: 'value', path: 'meta.reviewer', label: '审阅人（报送函中“经……审阅同意”）', type: 'text' },
        { kind: 'value', path: 'meta.bureau', label: '财政局', type: 'text' },
        { kind: 'value', path: 'meta.speaker.title', label: '报告人职务', type: 'text' },
        { kind: 'value', path: 'meta.speaker.name', label: '报告人姓名', type: 'text' },
        { kind: 'section', label: '会议' },
        { kind: 'value', path: 'meta.meeting.committee', label: '常委会（如 区十九届人大常委会）', type: 'text' },
        { kind: 'value', path: 'meta.meeting.session', label: '会次（如 第二十八次会议）', type: 'text' },
        { kind: 'value', path: 'meta.meeting.fullName', label: '会议全称', type: 'text' },
        { kind: 'value', path: 'meta.meeting.date', label: '会议日期', type: 'date', hint: '如 2025-08-29' },
        { kind: 'value', path: 'meta.priorMeeting', label: '报告过预算执行情况的前次会议（如 区十九届人大四次会议，可不填）', type: 'text', hint: '不填则报告中不写与前次会议报告的执行数的比较' },
        {
          kind: 'value',
          path: 'meta.priorMeetingMatch',
          label: '决算数与前次会议报告的执行数一致（可不填）',
          type: 'bool',
          hint: '是：写“与……报告的预算执行数一致”；否或不填：写“……相比有所变化”',
        },
        { kind: 'value', path: 'meta.levelNote', label: '区级口径说明（可不填）', type: 'text' },
        {
          kind: 'list',
          path: 'meta.attachments',
          label: '附件（按顺序，每行一个）：“项目”列选“附件名称”时填名称；选“附件报告文件”时填另一份报告的数据文件名（如 laiwu-2024-performance.json，与本工作簿放在同一目录），该报告作为附件接在决算报告之后',
          fields: [{ field: null, column: 'value', type: 'text' }],
          forms: [
            { label: '附件名称' },
            { label: '附件报告文件', field: 'report' },
          ],
          unfit:
            '附件第 {n} 项直接写入了整个报告的数据（{"report": {…}}），工作簿中只能填写报告数据文件的文件名：请把这份报告的数据另存为 JSON 文件（如 laiwu-2024-performance.json），放在数据文件所在目录，把这一项改为 {"report": "文件名.json"} 后再导出。',
          blankRows: 3,
        },
      ],
    },
    budgetSheet('generalBudget', '一般公共预算', 'generalBudget', '一般公共预算收入（当年）', '一般公共预算支出（当年）', `“区级”列、预算稳定调节基金、预备费、财政总收入：${SECTION_NOTE}（不写区级、不写该段）`, [
      [
        '预算稳定调节基金',
        [
          { kind: 'value', path: 'generalBudget.stabilizationFund.used', label: '调入使用', type: 'amount', unit: '万元' },
          { kind: 'value', path: 'generalBudget.stabilizationFund.added', label: '补充', type: 'amount', unit: '万元' },
          { kind: 'value', path: 'generalBudget.stabilizationFund.balance', label: '年末余额', type: 'amount', unit: '万元' },
        ],
      ],
      [
        '预备费',
        [
          { kind: 'value', path: 'generalBudget.reserveFund.arranged', label: '安排数', type: 'amount', unit: '万元' },
          { kind: 'value', path: 'generalBudget.reserveFund.spent', label: '已支出', type: 'amount', unit: '万元' },
          { kind: 'value', path: 'generalBudget.reserveFund.uses', label: '主要用途', type: 'longtext' },
        ],
      ],
      [
        '财政总收入（可不填）',
        [
          { kind: 'value', path: 'generalBudget.fiscalRevenue.amount', label: '财政总收入', type: 'amount', unit: '万元', hint: '一般公共预算收入加上划中央、省级的税收' },
          { kind: 'value', path: 'generalBudget.fiscalRevenue.lastYear', label: '　上年数', type: 'amount', unit: '万元' },
          { kind: 'value', path: 'generalBudget.fiscalRevenue.growth', label: '　比上年增长', type: 'rate', unit: '%', hint: RATE_HINT },
        ],
      ],
    ]),
    budgetSheet('fundBudget', '政府性基金预算', 'fundBudget', '政府性基金预算收入（当年）', '政府性基金预算支出（当年）', `本表、“区级”列：${SECTION_NOTE}（没有政府性基金预算、不写区级）`),
    budgetSheet(
      'stateCapitalBudget',
      '国有资本经营预算',
      'stateCapitalBudget',
      '国有资本经营预算收入（当年）',
      '国有资本经营预算支出（当年）',
      `本表、“区级”列：${SECTION_NOTE}（没有国有资本经营预算、不写区级）`,
    ),
    ITEMS_SHEET,
    {
      type: 'grid',
      id: 'socialInsuranceBudget',
      name: '社会保险基金预算',
      title: '社会保险基金预算收支决算（金额单位：万元）',
      columns: SCOPES,
      note: `本表、“区级”列：${SECTION_NOTE}（许多区的决算报告不写社会保险基金预算）`,
      rows: [
        { kind: 'section', label: '一、收入' },
        ...flowRows('socialInsuranceBudget.*.income', '社会保险基金收入', 'budget', '预算数', '完成预算', '上年数', '比上年增长'),
        { kind: 'section', label: '二、支出' },
        ...flowRows('socialInsuranceBudget.*.expenditure', '社会保险基金支出', 'budget', '预算数', '完成预算', '上年数', '比上年增长'),
        { kind: 'section', label: '三、结余' },
        {
          kind: 'value',
          path: 'socialInsuranceBudget.*.net',
          label: '当年收支净结余',
          type: 'amount',
          unit: '万元',
          formula: '{socialInsuranceBudget.*.income.amount}-{socialInsuranceBudget.*.expenditure.amount}',
          hint: '收入减支出（公式）',
        },
        { kind: 'value', path: 'socialInsuranceBudget.*.accumulated', label: '年末滚存结余', type: 'amount', unit: '万元' },
        { kind: 'value', path: 'socialInsuranceBudget.*.lastYearAccumulated', label: '上年末滚存结余（可不填）', type: 'amount', unit: '万元' },
      ],
    },
    {
      type: 'grid',
      id: 'debt',
      name: '政府债务',
      title: '政府债务（金额单位：万元）',
      columns: VALUE,
      note: `本表：${SECTION_NOTE}（不写政府债务）`,
      rows: [
        { kind: 'value', path: 'debt.approval', label: '限额核定和批准机关（如 市财政局核定、区人大常委会批准）', type: 'longtext' },
        { kind: 'section', label: '一、债务限额' },
        { kind: 'value', path: 'debt.limit.total', label: '债务限额', type: 'amount', unit: '万元', formula: '{debt.limit.general}+{debt.limit.special}' },
        { kind: 'value', path: 'debt.limit.general', label: '　一般债务限额', type: 'amount', unit: '万元' },
        { kind: 'value', path: 'debt.limit.special', label: '　专项债务限额', type: 'amount', unit: '万元' },
        { kind: 'section', label: '二、债务余额' },
        { kind: 'value', path: 'debt.balance.total', label: '债务余额', type: 'amount', unit: '万元', formula: '{debt.balance.general}+{debt.balance.special}' },
        { kind: 'value', path: 'debt.balance.general', label: '　一般债务余额', type: 'amount', unit: '万元' },
        { kind: 'value', path: 'debt.balance.special', label: '　专项债务余额', type: 'amount', unit: '万元' },
        { kind: 'value', path: 'debt.balance.note', label: '　余额说明（可不填，如 不含……）', type: 'text' },
        {
          kind: 'value',
          path: 'debt.balance.otherChange',
          label: '　本年其他增减（可不填，如 债务划转）',
          type: 'amount',
          unit: '万元',
          hint: '转贷债券、还本以外使余额变动的数额（减少填负数），用于核对余额＝上年余额＋转贷债券－还本＋其他增减',
        },
        { kind: 'section', label: '三、转贷债券' },
        {
          kind: 'value',
          path: 'debt.bonds.total',
          label: '转贷债券合计',
          type: 'amount',
          unit: '万元',
          formula: '{debt.bonds.newBonds.amount}+{debt.bonds.refinancing.amount}',
        },
        { kind: 'value', path: 'debt.bonds.newBonds.amount', label: '新增债券', type: 'amount', unit: '万元', formula: '{debt.bonds.newBonds.uses}', hint: '下列用途之和（公式）' },
        { kind: 'value', path: 'debt.bonds.newBonds.projectCount', label: '　新增债券项目个数（可不填）', type: 'count', unit: '个' },
        {
          kind: 'list',
          path: 'debt.bonds.newBonds.uses',
          label: '新增债券用途：用途填在“项目”列，金额填在“数值”列',
          fields: [
            { field: 'label', column: 'label', type: 'text' },
            { field: 'amount', column: 'value', type: 'amount' },
          ],
          unit: '万元',
          blankRows: 5,
        },
        {
          kind: 'value',
          path: 'debt.bonds.refinancing.amount',
          label: '再融资债券',
          type: 'amount',
          unit: '万元',
          formula: '{debt.bonds.refinancing.uses}',
          hint: '下列用途之和（公式）',
        },
        {
          kind: 'list',
          path: 'debt.bonds.refinancing.uses',
          label: '再融资债券用途：用途填在“项目”列，金额填在“数值”列',
          fields: [
            { field: 'purpose', column: 'label', type: 'text' },
            { field: 'amount', column: 'value', type: 'amount' },
          ],
          unit: '万元',
          blankRows: 3,
        },
        { kind: 'section', label: '四、付息' },
        { kind: 'value', path: 'debt.interest.total', label: '付息合计', type: 'amount', unit: '万元', formula: '{debt.interest.general}+{debt.interest.special}' },
        { kind: 'value', path: 'debt.interest.general', label: '　一般债券付息', type: 'amount', unit: '万元' },
        { kind: 'value', path: 'debt.interest.special', label: '　专项债券付息', type: 'amount', unit: '万元' },
        { kind: 'section', label: '五、还本' },
        {
          kind: 'value',
          path: 'debt.principal.total',
          label: '还本合计',
          type: 'amount',
          unit: '万元',
          formula: '{debt.principal.general.amount}+{debt.principal.special.amount}',
        },
        {
          kind: 'value',
          path: 'debt.principal.general.amount',
          label: '一般债券还本',
          type: 'amount',
          unit: '万元',
          formula: '{debt.principal.general.ownFunds}+{debt.principal.general.refinancing}',
        },
        { kind: 'value', path: 'debt.principal.general.ownFunds', label: '　其中：自有财力偿还', type: 'amount', unit: '万元' },
        { kind: 'value', path: 'debt.principal.general.refinancing', label: '　　　　再融资债券偿还', type: 'amount', unit: '万元' },
        {
          kind: 'value',
          path: 'debt.principal.special.amount',
          label: '专项债券还本',
          type: 'amount',
          unit: '万元',
          formula: '{debt.principal.special.ownFunds}+{debt.principal.special.refinancing}',
        },
        { kind: 'value', path: 'debt.principal.special.ownFunds', label: '　其中：自有财力偿还', type: 'amount', unit: '万元' },
        { kind: 'value', path: 'debt.principal.special.refinancing', label: '　　　　再融资债券偿还', type: 'amount', unit: '万元' },
      ],
    },
    {
      type: 'grid',
      id: 'analysis',
      name: '收支分析',
      title: '财政收支分析（金额单位：万元）',
      columns: VALUE,
      note: `本表和“文字材料”表中的收支分析三部分：${SECTION_NOTE}（不写财政运行特点）；可比口径收入、可比口径税收：整项不填即不写`,
      rows: [
        { kind: 'section', label: '一、可比口径收入' },
        { kind: 'value', path: 'analysis.incomeComparable.growth', label: '可比口径收入增长（可不填）', type: 'rate', unit: '%' },
        { kind: 'value', path: 'analysis.incomeComparable.reason', label: '可比口径说明（如 考虑……影响）', type: 'longtext' },
        { kind: 'section', label: '二、税收收入' },
        { kind: 'value', path: 'analysis.tax.amount', label: '税收收入', type: 'amount', unit: '万元' },
        { kind: 'value', path: 'analysis.tax.growth', label: '　比上年增长（可不填，有上年数据时计算）', type: 'rate', unit: '%' },
        { kind: 'value', path: 'analysis.tax.comparable.growth', label: '　可比口径增长（可不填）', type: 'rate', unit: '%' },
        { kind: 'value', path: 'analysis.tax.comparable.reason', label: '　可比口径说明', type: 'longtext' },
        { kind: 'value', path: 'analysis.tax.lastYearShare', label: '　上年税收占比（可不填）', type: 'rate', unit: '%' },
        { kind: 'section', label: '三、政府性基金收支变动原因' },
        { kind: 'value', path: 'analysis.fundIncomeReason', label: '基金收入变动原因（可不填）', type: 'longtext' },
        { kind: 'value', path: 'analysis.fundExpenditureReason', label: '基金支出变动原因（可不填）', type: 'longtext' },
      ],
    },
    {
      type: 'grid',
      id: 'firstHalf',
      name: '上半年执行',
      title: '下一年度上半年预算执行情况（金额单位：万元）',
      columns: SCOPES,
      note: `本表和“文字材料”表中的上半年两部分：${SECTION_NOTE}（只报告决算）；其中政府性基金、国有资本经营、社会保险基金预算和“区级”列，也可整部分不填`,
      rows: HALF_PARTS.flatMap(([key, label], i): GridRow[] => [
        { kind: 'section', label: `${NUMERALS[i]}、${label}` },
        ...flowRows(`firstHalf.${key}.*.income`, `${label}收入`, 'initialBudget', '年初预算数', '完成年初预算', '上年同期数', '比上年同期增长'),
        ...flowRows(`firstHalf.${key}.*.expenditure`, `${label}支出`, 'initialBudget', '年初预算数', '完成年初预算', '上年同期数', '比上年同期增长'),
      ]),
    },
    {
      type: 'narrative',
      id: 'narrative',
      name: '文字材料',
      title: '文字材料（文中的数字写成对“数据表”的引用，如 {{上半年一般公共预算收入}}）',
      parts: [
        { path: 'analysis.incomeFeatures', label: '收支分析·收入特点', items: 4 },
        { path: 'analysis.expenditureFeatures', label: '收支分析·支出特点', items: 4 },
        { path: 'analysis.problems', label: '收支分析·存在问题', items: 4 },
        { path: 'firstHalf.problems', label: '上半年·存在问题', items: 4 },
        { path: 'firstHalf.highlights', label: '上半年·主要工作', items: 4, points: 4 },
        { path: 'plans', label: '下半年工作打算', items: 4, points: 3 },
      ],
    },
    { type: 'figures', id: 'figures', name: '数据表', title: '数据表（文字材料中引用的数字）', path: 'figures', blankRows: 30 },
    { type: 'tables', id: 'tables', name: '自有表格', title: '自有表格（可不填：排在决算草案表之后，格式相同）', path: 'tables', minColumns: 8, blankRows: 10 },
    STYLE_SHEET,
    // The standard 决算草案表, one sheet each in the finance system's export shape (build-classified.ts).
    ...CLASSIFIED_TABLES.map((t): ClassifiedSheet => ({ type: 'classified', id: `classified.${t.key}`, name: t.sheet, title: t.title, table: t.key })),
  ],
};
