/**
 * The standard 决算草案表 (attachment of a final-accounts report, 决算公开) as data: which tables,
 * in which order, their titles, columns, the 政府收支分类科目 rows each shows (类 3 digits, 款 5
 * digits, 项 7 digits), and the report figure each table's 合计 must equal. The schema, the
 * workbook sheets, the rules and the composer all read this one description.
 *
 * Codes follow the current 政府收支分类科目 (income 101 税收收入 / 103 非税收入 / 110 转移性收入;
 * functional expenditure 201 一般公共服务支出 …; 政府预算支出经济分类 501 机关工资福利支出 …). Where a
 * classification changes, edit the lists here.
 */

/** A standard row: its code (or, for the debt tables, an item key) and its standard name. */
export interface StandardRow {
  code: string;
  name: string;
  /** Debt tables: how a finance export names the row (its 科目编码 cell is empty). */
  match?: RegExp;
}

/**
 * Columns of a table: flow tables (income, expenditure) have 预算数, 调整预算数, 决算数 and two
 * percentages; social insurance tables are against the unadjusted 预算数; the debt tables have
 * one amount per item.
 */
export type ClassifiedShape = 'flow' | 'social' | 'debt';

/** The report figure a table's 合计 must equal: a flow of a budget at a scope, or the debt section. */
export type ClassifiedTie =
  | { kind: 'flow'; budget: 'generalBudget' | 'fundBudget' | 'stateCapitalBudget'; scope: 'district' | 'level'; side: 'income' | 'expenditure' }
  | { kind: 'social'; side: 'income' | 'expenditure' }
  | { kind: 'debt'; part: 'general' | 'special' }
  | null;

export interface ClassifiedTableSpec {
  /** Key under `classified` in the dataset. */
  key: ClassifiedKey;
  /** Title after ××区2024年. */
  title: string;
  /** The workbook sheet's name (at most 31 characters). */
  sheet: string;
  shape: ClassifiedShape;
  rows: StandardRow[];
  tie: ClassifiedTie;
  /** What the table is of, for the note of an empty table: 本区2024年无{empty}，本表为空表。 */
  empty: string;
}

export const CLASSIFIED_KEYS = [
  'generalIncome',
  'generalExpenditure',
  'generalLevelExpenditure',
  'generalBasicExpenditure',
  'generalTransfers',
  'generalDebt',
  'fundIncome',
  'fundExpenditure',
  'fundLevelExpenditure',
  'fundTransfers',
  'specialDebt',
  'stateCapitalIncome',
  'stateCapitalExpenditure',
  'stateCapitalLevelExpenditure',
  'socialIncome',
  'socialExpenditure',
] as const;
export type ClassifiedKey = (typeof CLASSIFIED_KEYS)[number];

const rows = (list: [string, string][]): StandardRow[] => list.map(([code, name]) => ({ code, name }));

const TAX: [string, string][] = [
  ['101', '税收收入'],
  ['10101', '增值税'],
  ['10104', '企业所得税'],
  ['10106', '个人所得税'],
  ['10107', '资源税'],
  ['10109', '城市维护建设税'],
  ['10110', '房产税'],
  ['10111', '印花税'],
  ['10112', '城镇土地使用税'],
  ['10113', '土地增值税'],
  ['10114', '车船税'],
  ['10118', '耕地占用税'],
  ['10119', '契税'],
  ['10120', '烟叶税'],
  ['10121', '环境保护税'],
  ['10199', '其他税收收入'],
];
const NON_TAX: [string, string][] = [
  ['103', '非税收入'],
  ['10302', '专项收入'],
  ['10304', '行政事业性收费收入'],
  ['10305', '罚没收入'],
  ['10306', '国有资本经营收入'],
  ['10307', '国有资源（资产）有偿使用收入'],
  ['10308', '捐赠收入'],
  ['10309', '政府住房基金收入'],
  ['10399', '其他收入'],
];

/** 一般公共预算支出 by functional class (类); 债务还本支出 (231) is not part of it. */
const FUNCTIONAL: [string, string][] = [
  ['201', '一般公共服务支出'],
  ['202', '外交支出'],
  ['203', '国防支出'],
  ['204', '公共安全支出'],
  ['205', '教育支出'],
  ['206', '科学技术支出'],
  ['207', '文化旅游体育与传媒支出'],
  ['208', '社会保障和就业支出'],
  ['210', '卫生健康支出'],
  ['211', '节能环保支出'],
  ['212', '城乡社区支出'],
  ['213', '农林水支出'],
  ['214', '交通运输支出'],
  ['215', '资源勘探工业信息等支出'],
  ['216', '商业服务业等支出'],
  ['217', '金融支出'],
  ['219', '援助其他地区支出'],
  ['220', '自然资源海洋气象等支出'],
  ['221', '住房保障支出'],
  ['222', '粮油物资储备支出'],
  ['224', '灾害防治及应急管理支出'],
  ['227', '预备费'],
  ['229', '其他支出'],
  ['232', '债务付息支出'],
  ['233', '债务发行费用支出'],
];

/** 政府预算支出经济分类 of 基本支出: 类 and the 款 the standard table shows. */
const ECONOMIC: [string, string][] = [
  ['501', '机关工资福利支出'],
  ['50101', '工资奖金津补贴'],
  ['50102', '社会保障缴费'],
  ['50103', '住房公积金'],
  ['50199', '其他工资福利支出'],
  ['502', '机关商品和服务支出'],
  ['50201', '办公经费'],
  ['50202', '会议费'],
  ['50203', '培训费'],
  ['50205', '委托业务费'],
  ['50206', '公务接待费'],
  ['50208', '公务用车运行维护费'],
  ['50209', '维修（护）费'],
  ['50299', '其他商品和服务支出'],
  ['505', '对事业单位经常性补助'],
  ['50501', '工资福利支出'],
  ['50502', '商品和服务支出'],
  ['50599', '其他对事业单位补助'],
  ['509', '对个人和家庭的补助'],
  ['50901', '社会福利和救助'],
  ['50902', '助学金'],
  ['50905', '离退休费'],
  ['50999', '其他对个人和家庭补助'],
  ['599', '其他支出'],
];

/** 转移性支出 to lower levels (towns and streets): 返还性支出, 一般性转移支付, 专项转移支付. */
const TRANSFERS: [string, string][] = [
  ['23001', '返还性支出'],
  ['2300102', '所得税基数返还支出'],
  ['2300103', '成品油税费改革税收返还支出'],
  ['2300104', '增值税税收返还支出'],
  ['2300199', '其他返还性支出'],
  ['23002', '一般性转移支付'],
  ['2300201', '体制补助支出'],
  ['2300202', '均衡性转移支付支出'],
  ['2300227', '县级基本财力保障机制奖补资金支出'],
  ['2300299', '其他一般性转移支付支出'],
  ['23003', '专项转移支付'],
];

/** 政府性基金收入 (款 10301 政府性基金收入's 项, and 专项债务对应项目专项收入). */
const FUND_INCOME: [string, string][] = [
  ['1030102', '农网还贷资金收入'],
  ['1030148', '国有土地使用权出让收入'],
  ['1030147', '国有土地收益基金收入'],
  ['1030149', '农业土地开发资金收入'],
  ['1030150', '大中型水库库区基金收入'],
  ['1030155', '彩票公益金收入'],
  ['1030156', '城市基础设施配套费收入'],
  ['1030159', '国家重大水利工程建设基金收入'],
  ['1030178', '污水处理费收入'],
  ['1030180', '彩票发行机构和彩票销售机构的业务费用'],
  ['1030199', '其他政府性基金收入'],
  ['10311', '专项债务对应项目专项收入'],
];

/** 政府性基金支出 by functional class. */
const FUND_EXPENDITURE: [string, string][] = [
  ['206', '科学技术支出'],
  ['207', '文化旅游体育与传媒支出'],
  ['208', '社会保障和就业支出'],
  ['211', '节能环保支出'],
  ['212', '城乡社区支出'],
  ['213', '农林水支出'],
  ['214', '交通运输支出'],
  ['215', '资源勘探工业信息等支出'],
  ['217', '金融支出'],
  ['229', '其他支出'],
  ['232', '债务付息支出'],
  ['233', '债务发行费用支出'],
  ['234', '抗疫特别国债安排的支出'],
];

const FUND_TRANSFERS: [string, string][] = [['23004', '政府性基金转移支付']];

const STATE_CAPITAL_INCOME: [string, string][] = [
  ['1030601', '利润收入'],
  ['1030602', '股利、股息收入'],
  ['1030603', '产权转让收入'],
  ['1030604', '清算收入'],
  ['1030698', '其他国有资本经营预算收入'],
];

const STATE_CAPITAL_EXPENDITURE: [string, string][] = [
  ['223', '国有资本经营预算支出'],
  ['22301', '解决历史遗留问题及改革成本支出'],
  ['22302', '国有企业资本金注入'],
  ['22303', '国有企业政策性补贴'],
  ['22399', '其他国有资本经营预算支出'],
];

/** 社会保险基金 by fund, as a district keeps them (企业职工基本养老保险 is pooled at the national level). */
const SOCIAL_INCOME: [string, string][] = [
  ['10208', '城乡居民基本养老保险基金收入'],
  ['10209', '机关事业单位基本养老保险基金收入'],
  ['10204', '职工基本医疗保险（含生育保险）基金收入'],
  ['10210', '城乡居民基本医疗保险基金收入'],
  ['10205', '工伤保险基金收入'],
  ['10203', '失业保险基金收入'],
];
const SOCIAL_EXPENDITURE: [string, string][] = [
  ['20908', '城乡居民基本养老保险基金支出'],
  ['20909', '机关事业单位基本养老保险基金支出'],
  ['20904', '职工基本医疗保险（含生育保险）基金支出'],
  ['20910', '城乡居民基本医疗保险基金支出'],
  ['20905', '工伤保险基金支出'],
  ['20903', '失业保险基金支出'],
];

/** The debt tables' items: keys in the dataset, and how a finance export words them. */
function debtRows(kind: '一般' | '专项'): StandardRow[] {
  return [
    { code: 'lastYearBalance', name: `上年末地方政府${kind}债务余额`, match: /(上年末|年初).*余额/ },
    { code: 'limit', name: `本年地方政府${kind}债务限额`, match: /限额/ },
    { code: 'issued', name: `本年地方政府${kind}债务举借额`, match: /举借|发行|新增/ },
    { code: 'repaid', name: `本年地方政府${kind}债务还本额`, match: /还本|偿还/ },
    { code: 'balance', name: `年末地方政府${kind}债务余额`, match: /余额/ },
  ];
}

export const CLASSIFIED_TABLES: readonly ClassifiedTableSpec[] = [
  { key: 'generalIncome', title: '一般公共预算收入决算表', sheet: '一般公共预算收入决算表', shape: 'flow', rows: rows([...TAX, ...NON_TAX]), tie: { kind: 'flow', budget: 'generalBudget', scope: 'district', side: 'income' }, empty: '一般公共预算收入' },
  { key: 'generalExpenditure', title: '一般公共预算支出决算表', sheet: '一般公共预算支出决算表', shape: 'flow', rows: rows(FUNCTIONAL), tie: { kind: 'flow', budget: 'generalBudget', scope: 'district', side: 'expenditure' }, empty: '一般公共预算支出' },
  { key: 'generalLevelExpenditure', title: '一般公共预算本级支出决算表', sheet: '一般公共预算本级支出决算表', shape: 'flow', rows: rows(FUNCTIONAL), tie: { kind: 'flow', budget: 'generalBudget', scope: 'level', side: 'expenditure' }, empty: '一般公共预算本级支出' },
  { key: 'generalBasicExpenditure', title: '一般公共预算本级基本支出决算表', sheet: '一般公共预算本级基本支出决算表', shape: 'flow', rows: rows(ECONOMIC), tie: null, empty: '一般公共预算本级基本支出' },
  { key: 'generalTransfers', title: '一般公共预算税收返还和转移支付决算表', sheet: '税收返还和转移支付决算表', shape: 'flow', rows: rows(TRANSFERS), tie: null, empty: '一般公共预算税收返还和转移支付' },
  { key: 'generalDebt', title: '政府一般债务限额和余额情况表', sheet: '政府一般债务限额和余额情况表', shape: 'debt', rows: debtRows('一般'), tie: { kind: 'debt', part: 'general' }, empty: '政府一般债务' },
  { key: 'fundIncome', title: '政府性基金收入决算表', sheet: '政府性基金收入决算表', shape: 'flow', rows: rows(FUND_INCOME), tie: { kind: 'flow', budget: 'fundBudget', scope: 'district', side: 'income' }, empty: '政府性基金收入' },
  { key: 'fundExpenditure', title: '政府性基金支出决算表', sheet: '政府性基金支出决算表', shape: 'flow', rows: rows(FUND_EXPENDITURE), tie: { kind: 'flow', budget: 'fundBudget', scope: 'district', side: 'expenditure' }, empty: '政府性基金支出' },
  { key: 'fundLevelExpenditure', title: '本级政府性基金支出决算表', sheet: '本级政府性基金支出决算表', shape: 'flow', rows: rows(FUND_EXPENDITURE), tie: { kind: 'flow', budget: 'fundBudget', scope: 'level', side: 'expenditure' }, empty: '本级政府性基金支出' },
  { key: 'fundTransfers', title: '政府性基金转移支付决算表', sheet: '政府性基金转移支付决算表', shape: 'flow', rows: rows(FUND_TRANSFERS), tie: null, empty: '政府性基金转移支付' },
  { key: 'specialDebt', title: '政府专项债务限额和余额情况表', sheet: '政府专项债务限额和余额情况表', shape: 'debt', rows: debtRows('专项'), tie: { kind: 'debt', part: 'special' }, empty: '政府专项债务' },
  { key: 'stateCapitalIncome', title: '国有资本经营预算收入决算表', sheet: '国有资本经营预算收入决算表', shape: 'flow', rows: rows(STATE_CAPITAL_INCOME), tie: { kind: 'flow', budget: 'stateCapitalBudget', scope: 'district', side: 'income' }, empty: '国有资本经营预算收入' },
  { key: 'stateCapitalExpenditure', title: '国有资本经营预算支出决算表', sheet: '国有资本经营预算支出决算表', shape: 'flow', rows: rows(STATE_CAPITAL_EXPENDITURE), tie: { kind: 'flow', budget: 'stateCapitalBudget', scope: 'district', side: 'expenditure' }, empty: '国有资本经营预算支出' },
  { key: 'stateCapitalLevelExpenditure', title: '本级国有资本经营预算支出决算表', sheet: '本级国有资本经营预算支出决算表', shape: 'flow', rows: rows(STATE_CAPITAL_EXPENDITURE), tie: { kind: 'flow', budget: 'stateCapitalBudget', scope: 'level', side: 'expenditure' }, empty: '本级国有资本经营预算支出' },
  { key: 'socialIncome', title: '社会保险基金收入决算表', sheet: '社会保险基金收入决算表', shape: 'social', rows: rows(SOCIAL_INCOME), tie: { kind: 'social', side: 'income' }, empty: '社会保险基金收入' },
  { key: 'socialExpenditure', title: '社会保险基金支出决算表', sheet: '社会保险基金支出决算表', shape: 'social', rows: rows(SOCIAL_EXPENDITURE), tie: { kind: 'social', side: 'expenditure' }, empty: '社会保险基金支出' },
];

export const CLASSIFIED_SPEC: ReadonlyMap<ClassifiedKey, ClassifiedTableSpec> = new Map(CLASSIFIED_TABLES.map((t) => [t.key, t]));

/** The columns of a table: their field in a dataset row and their header in the finance system's export. */
export const CLASSIFIED_COLUMNS = {
  budget: '预算数',
  adjustedBudget: '调整预算数',
  amount: '决算数',
  completionRate: '决算数为调整预算数的%',
  lastYear: '上年决算数',
  lastYearRatio: '决算数为上年决算数的%',
} as const;
export type ClassifiedField = keyof typeof CLASSIFIED_COLUMNS;

/** The fields a table's shape has, in column order. */
export function shapeFields(shape: ClassifiedShape): ClassifiedField[] {
  if (shape === 'debt') return ['amount'];
  if (shape === 'social') return ['budget', 'amount', 'completionRate', 'lastYear', 'lastYearRatio'];
  return ['budget', 'adjustedBudget', 'amount', 'completionRate', 'lastYear', 'lastYearRatio'];
}

/** The base a table's 决算数为…的% (completionRate) is of. */
export type RateBase = 'budget' | 'adjustedBudget';

/** A column's header as a table of the shape prints it (social insurance, or a table without 调整预算数: against the 预算数). */
export function columnTitle(shape: ClassifiedShape, f: ClassifiedField, base: RateBase = shape === 'social' ? 'budget' : 'adjustedBudget'): string {
  if (f === 'completionRate' && (shape === 'social' || base === 'budget')) return '决算数为预算数的%';
  if (shape === 'debt' && f === 'amount') return '金额';
  return CLASSIFIED_COLUMNS[f];
}

/**
 * The row above a code in a table: the longest of the table's codes that is a proper prefix of it
 * (10101 增值税 under 101 税收收入); null for a top-level row. Debt items have no parents.
 */
export function parentCode(code: string, codes: readonly string[]): string | null {
  if (!/^\d+$/.test(code)) return null;
  let best: string | null = null;
  for (const c of codes) if (c !== code && code.startsWith(c) && /^\d+$/.test(c) && (!best || c.length > best.length)) best = c;
  return best;
}

/** The 合计 row's label as the standard tables word it: 收入合计, 支出合计, else 合计. */
export function totalLabel(title: string): string {
  return /收入决算表$/.test(title) ? '收入合计' : /支出决算表$/.test(title) ? '支出合计' : '合计';
}
