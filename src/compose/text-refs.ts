import type { PathSegment } from '../load/path';
import { valueAt } from '../validate/previous';

/**
 * Words of the data a paragraph written in data may name like a figure ({{会议}}, {{区政府}}): the
 * names, meetings and notes that change from year to year, so that a paragraph `adopt` took from
 * last year's report says this year's meeting, not last year's. {{区名}} is one of them.
 */
export const TEXT_REFS: readonly { name: string; path: PathSegment[] }[] = [
  { name: '区名', path: ['meta', 'district'] },
  { name: '区全称', path: ['meta', 'fullName'] },
  { name: '区政府', path: ['meta', 'government'] },
  { name: '审阅人', path: ['meta', 'reviewer'] },
  { name: '财政局', path: ['meta', 'bureau'] },
  { name: '报告人职务', path: ['meta', 'speaker', 'title'] },
  { name: '报告人', path: ['meta', 'speaker', 'name'] },
  { name: '常委会', path: ['meta', 'meeting', 'committee'] },
  { name: '会次', path: ['meta', 'meeting', 'session'] },
  { name: '会议', path: ['meta', 'meeting', 'fullName'] },
  { name: '前次会议', path: ['meta', 'priorMeeting'] },
  { name: '区级口径说明', path: ['meta', 'levelNote'] },
  { name: '债务核定机关', path: ['debt', 'approval'] },
  { name: '债务余额说明', path: ['debt', 'balance', 'note'] },
  { name: '预备费用途', path: ['generalBudget', 'reserveFund', 'uses'] },
  { name: '收入可比说明', path: ['analysis', 'incomeComparable', 'reason'] },
  { name: '税收可比说明', path: ['analysis', 'tax', 'comparable', 'reason'] },
  { name: '基金收入变动原因', path: ['analysis', 'fundIncomeReason'] },
  { name: '基金支出变动原因', path: ['analysis', 'fundExpenditureReason'] },
];

/** The 区级 note (含各功能区本级，下同), said once at the first 区级. */
export const LEVEL_NOTE_REF = '区级口径说明';

/** The meeting's date, printed 2025年8月29日 (a figure: its digits come from meta.meeting.date). */
export const MEETING_DATE_REF = '会议日期';
export const MEETING_DATE_PATH: PathSegment[] = ['meta', 'meeting', 'date'];

const BY_NAME = new Map(TEXT_REFS.map((r) => [r.name, r]));

/** The text a name stands for in this dataset, with its path; null when the name is not a text of the data (or the data has none). */
export function textRef(input: unknown, name: string): { text: string; path: PathSegment[] } | null {
  const ref = BY_NAME.get(name);
  if (!ref) return null;
  const v = valueAt(input, ref.path);
  return typeof v === 'string' && v.trim() ? { text: v, path: ref.path } : null;
}

export function isTextRefName(name: string): boolean {
  return BY_NAME.has(name) || name === MEETING_DATE_REF;
}

/** yyyy-MM-dd → 2025年8月29日 (what the templates' date helper prints). */
export function chineseDate(iso: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : null;
}
