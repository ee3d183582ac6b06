import { HEADING_KEYS } from './schema';

/**
 * The places of the final-accounts report, by the names a style uses (style.paragraphs keys) and
 * the marks a probe build puts on its blocks (`adopt` aligns last year's report with them):
 *
 * - budget places: a budget's scope paragraph, written by the composer in the house style;
 * - template places: every other paragraph the templates word (政府债务.限额, 结束语 …), which a
 *   style may replace with paragraphs written in data, or leave out ([]);
 * - data places: paragraphs the data words (the narrative items, the memo's names and dates), and
 *   headings (标题.决算情况 …), which a style words through `headings`, `title`, `salutation`,
 *   `opening`; only paragraphs after them can be added;
 * - `<place>.之后`: paragraphs added after any place.
 */

const BUDGETS = ['一般公共预算', '政府性基金预算', '国有资本经营预算', '社会保险基金预算'] as const;

/** The composer's scope paragraphs (BudgetWriter). */
export const BUDGET_PLACES: readonly string[] = BUDGETS.flatMap((b) => [`${b}.全区`, `${b}.区级`]);

/** Template paragraphs a style may replace (the templates' place helper). */
export const TEMPLATE_PLACES: readonly string[] = [
  '报送函',
  '报送函.主送机关',
  '报送函.正文',
  '副标题',
  '报告人',
  '预算稳定调节基金',
  '预备费',
  '决算说明',
  '政府债务.限额',
  '政府债务.转贷',
  '政府债务.付息',
  '政府债务.还本',
  '财政运行特点.收入',
  '财政运行特点.支出',
  '财政运行特点.基金收入',
  '财政运行特点.基金支出',
  ...BUDGETS.map((b) => `上半年.${b}`),
  '结束语',
];

/** Places only added to, as before places were general: after a budget's paragraphs, after section 一's budgets, after the debt. */
const INSERT_PLACES: readonly string[] = [...BUDGETS.map((b) => `${b}.之后`), '决算情况.之后', '政府债务.之后'];

/** Blocks the data words: marked for `adopt`, not replaceable. Lists are numbered from 1 (财政运行特点.收入特点.2). */
export const DATA_PLACES: readonly string[] = ['报送函.会议', '报送函.落款', '报送函.日期', '报告标题', '称呼', '开头语', '附件说明', '财政运行特点.存在问题'];
export const DATA_LISTS: readonly string[] = [
  '财政运行特点.收入特点',
  '财政运行特点.支出特点',
  '上半年预算执行情况.存在问题',
  '上半年主要工作.各项',
  '下半年工作打算.各项',
  // The composer's revenue items, one paragraph each (逐行).
  ...BUDGETS.flatMap((b) => [`${b}.全区.收入项目`, `${b}.区级.收入项目`]),
];

/** A heading's place: 标题.决算情况 (worded by style.headings). */
export const headingPlace = (key: (typeof HEADING_KEYS)[number]) => `标题.${key}`;

const AFTER = '.之后';

/** Places inside an official part (memo lines, title, salutation …): nothing can follow them there. */
const NO_AFTER: readonly string[] = ['报送函', '报送函.会议', '报送函.主送机关', '报送函.落款', '报送函.日期', '报告标题', '副标题', '报告人', '称呼', '附件说明'];

/** Whether paragraphs can be added after this place (K.之后). */
export function canFollow(key: string): boolean {
  return isMarkedPlace(key) && !NO_AFTER.includes(key);
}

/** Any place a probe build marks (not the insert-only ones). */
export function isMarkedPlace(key: string): boolean {
  if (BUDGET_PLACES.includes(key) || TEMPLATE_PLACES.includes(key) || DATA_PLACES.includes(key)) return true;
  if (key.startsWith('标题.') && (HEADING_KEYS as readonly string[]).includes(key.slice(3))) return true;
  const m = /^(.*)\.(\d+)$/.exec(key);
  return !!m && DATA_LISTS.includes(m[1]!) && Number(m[2]) >= 1;
}

/** Whether a style may hold paragraphs for this key. */
export function isParagraphKey(key: string): boolean {
  if (BUDGET_PLACES.includes(key) || TEMPLATE_PLACES.includes(key) || INSERT_PLACES.includes(key)) return true;
  return key.endsWith(AFTER) && canFollow(key.slice(0, -AFTER.length));
}

/**
 * The places a style names most (the workbook's drop-down, the keys suggested for a mistyped one):
 * each budget's scopes and what follows it, section 一's end, then the templates' paragraphs.
 */
export const PARAGRAPH_KEYS: readonly string[] = [
  ...BUDGETS.flatMap((b) => [`${b}.全区`, `${b}.区级`, `${b}.之后`]),
  '决算情况.之后',
  '决算说明',
  '政府债务.之后',
  ...TEMPLATE_PLACES.filter((k) => k !== '决算说明'),
];

export const afterKey = (key: string) => `${key}${AFTER}`;
