/**
 * Line breaks for centred display lines (titles, the subtitle): GB/T 9704 wants a long title
 * broken where the words allow (词意完整), in a trapezoid or diamond (排列对称, wider lines on
 * top or in the middle), each line within the measure. Word and LibreOffice would break at the
 * last character that fits, so the breaks are chosen here and written as line breaks.
 */

/** Width in characters of the line's font: full-width 1, ASCII ½, plus ¼ where Chinese meets Latin (autospace). */
export function displayWidth(text: string): number {
  let w = 0;
  let prev = '';
  for (const ch of text) {
    w += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
    if ((HAN.test(prev) && ALNUM.test(ch)) || (ALNUM.test(prev) && HAN.test(ch))) w += 0.25;
    prev = ch;
  }
  return w;
}

const HAN = /\p{Script=Han}/u;
const ALNUM = /[0-9A-Za-z]/;

/**
 * Word boundaries come from two segmenters. ICU's (Intl.Segmenter) knows every word but loading
 * its Chinese dictionary takes ~17 ms, a tenth of a whole cold build. The words of official titles
 * are few and always the same, so a longest-match pass over this list is tried first; ICU is asked
 * only when that finds no break free of penalties (a title of unusual words or a long name).
 */
const TITLE_WORDS = new Set(
  (
    '关于 决算 预算 草案 决算草案 执行 情况 报告 说明 汇报 绩效 管理 工作 开展 计划 总结 要点 年度 上半年 下半年 全年 ' +
    '全区 全市 全县 区级 市级 县级 本级 一般 公共 政府性 基金 国有 资本 经营 社会 保险 社会保险 收支 收入 支出 ' +
    '债务 专项 转移 支付 转移支付 调整 方案 审查 审议 批准 会议 常务 委员会 常委会 人大 人大常委会 人民 代表 大会 ' +
    '人民代表大会 人民政府 政府 财政 财政局 局长 副局长 评价 监督 结果 应用 自评 部门 单位 项目 重点 审计 整改 落实 ' +
    '有关 问题 意见 书面 主任 会议上 附件 附表 表 的 和 及 与 在 对 于 暨 并 或 第 届 次 年 月 日 区 市 县 省 股 科 室 ' +
    '中心 办公室'
  ).split(' '),
);
const LONGEST_WORD = Math.max(...[...TITLE_WORDS].map((w) => w.length));

interface Segment {
  segment: string;
  index: number;
  /** False for a character TITLE_WORDS does not know (ICU's segments leave it unset). */
  known?: boolean;
}

/** Longest match over TITLE_WORDS; a run of digits or Latin letters is one segment, any other character its own. */
function titleSegments(text: string): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < text.length; ) {
    // A character outside the BMP (a rare name character such as 𠮷) is one segment, never split in two.
    let len = text.codePointAt(i)! > 0xffff ? 2 : 1;
    const latin = /^[\dA-Za-z.]+/.exec(text.slice(i));
    if (latin) len = latin[0].length;
    else
      for (let n = Math.min(LONGEST_WORD, text.length - i); n > 1; n--)
        if (TITLE_WORDS.has(text.slice(i, i + n))) {
          len = n;
          break;
        }
    const segment = text.slice(i, i + len);
    out.push({ segment, index: i, known: len > 1 || TITLE_WORDS.has(segment) || !/\p{Script=Han}/u.test(segment) });
    i += len;
  }
  return out;
}

/** Made on first use (see TITLE_WORDS). */
let segmenter: Intl.Segmenter | null = null;
const icuSegments = (text: string): Segment[] => [...(segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' })).segment(text)];

/** No line starts with these, and none ends with the openers. */
const NO_START = /^[，。、；：！？）》」』”’…—%]/u;
const NO_END = /[（《「『“‘]$/u;
/** Words that leave a line hanging when they end it. */
const WEAK_END = /(?:和|及|与|的|对|在|于|关于|或|并|暨)$/u;
/** A time phrase continues: 2025年 | 上半年 reads as one phrase. */
const TIME_TAIL = /^(?:上半年|下半年|年度|度|初|底|末|前|后|以来|第)/u;

/**
 * Names and phrases the segmenter may cut but a line must not: 人大常委会, 第十九届, and the terms of
 * art a title is made of (预算绩效管理 is one word to its reader: never 预算绩效 | 管理) …
 */
const PHRASES = /(?:区|市|县)?人大常委会|人民代表大会(?:常务委员会)?|常委会|人民政府|财政局|上半年|下半年|第[〇零一二三四五六七八九十百千\d]+[届次期批]|预算绩效管理|预算绩效|绩效管理|绩效评价|预算执行|决算草案|工作计划|工作情况/gu;

interface Candidate {
  at: number;
  penalty: number;
  /** Both sides are words the segmenter knows. */
  sure: boolean;
}

function candidates(text: string, segs: Segment[]): Candidate[] {
  const kept = [...text.matchAll(PHRASES)].map((m) => [m.index!, m.index! + m[0].length] as const);
  const out: Candidate[] = [];
  for (let i = 1; i < segs.length; i++) {
    const before = segs[i - 1]!.segment;
    const after = segs[i]!.segment;
    const at = segs[i]!.index;
    if (kept.some(([a, b]) => a < at && at < b)) continue;
    if (/[\dA-Za-z.]$/.test(before) && /^[\dA-Za-z.年月日%]/u.test(after)) continue; // 2024 | 年
    if (NO_START.test(after) || NO_END.test(before) || (before.endsWith('—') && after.startsWith('—'))) continue;
    let penalty = 0;
    if (WEAK_END.test(before)) penalty += 6;
    if (/^的/.test(after)) penalty += 6;
    const rest = text.slice(at);
    if (/年$/.test(before) && TIME_TAIL.test(rest)) penalty += 10;
    if (/届$/.test(before)) penalty += 8; // 第十九届 | 人大常委会 splits a name
    // Two single characters in a row are most likely one name the segmenter does not know (莱|芜).
    if ([...before].length === 1 && [...after].length === 1 && !after.startsWith('第')) penalty += 10;
    out.push({ at, penalty, sure: segs[i - 1]!.known !== false && segs[i]!.known !== false });
  }
  return out;
}

/** Trapezoid (each line no wider than the one above) or, for three lines, a diamond. */
function shapeOk(widths: number[]): boolean {
  const trapezoid = widths.every((w, i) => i === 0 || w <= widths[i - 1]! + 0.01);
  const diamond = widths.length === 3 && widths[1]! >= widths[0]! && widths[1]! >= widths[2]!;
  return trapezoid || diamond;
}

/**
 * Splits a display line into at most three lines of at most `measure` characters: the split
 * with the best shape (trapezoid or diamond), balance and word boundaries. Text that fits stays
 * one line; text with no acceptable split falls back to the program's own wrapping.
 * `words: 'icu'` skips the title word list (to compare the two).
 */
export function wrapDisplayLine(text: string, measure: number, words: 'title' | 'icu' = 'title'): string[] {
  if (words === 'icu') return chooseLines(text, measure, words);
  // Memoised: a batch prints the same few titles in every report.
  const key = `${measure}\u0000${text}`;
  let lines = wrapped.get(key);
  if (lines === undefined) {
    if (wrapped.size >= 1000) wrapped.clear();
    lines = chooseLines(text, measure, words);
    wrapped.set(key, lines);
  }
  return [...lines];
}

const wrapped = new Map<string, readonly string[]>();

function chooseLines(text: string, measure: number, words: 'title' | 'icu'): string[] {
  const width = displayWidth(text);
  if (width <= measure) return [text];
  // Past three lines' width no split can do (each cut saves at most the ¼ of an autospace): the
  // search below tries every pair of cuts, which for a line of thousands of characters (a speaker's
  // title typed wrong) took minutes.
  if (width > 3 * measure + 0.5) return [text];
  const fast = words === 'title' ? bestSplit(text, measure, titleSegments(text)) : null;
  if (fast && fast.cuts.every((c) => c.sure && c.penalty === 0)) return fast.lines;
  return bestSplit(text, measure, icuSegments(text))?.lines ?? [text];
}

interface Split {
  lines: string[];
  cuts: Candidate[];
  cost: number;
}

function bestSplit(text: string, measure: number, segs: Segment[]): Split | null {
  const cands = candidates(text, segs);
  let best: Split | null = null;
  const consider = (cuts: Candidate[]) => {
    const points = [0, ...cuts.map((c) => c.at), text.length];
    const lines = points.slice(1).map((end, i) => text.slice(points[i], end));
    const widths = lines.map(displayWidth);
    if (widths.some((w) => w > measure) || !shapeOk(widths)) return;
    // Word boundaries weigh more than balance: 17/9 at a phrase beats 13/12 inside one.
    const cost = (Math.max(...widths) - Math.min(...widths)) / 2 + cuts.reduce((a, c) => a + c.penalty, 0) + (lines.length - 2) * 4;
    if (!best || cost < best.cost) best = { lines, cuts, cost };
  };
  for (const a of cands) consider([a]);
  if (!best) for (const a of cands) for (const b of cands) if (b.at > a.at) consider([a, b]);
  return best;
}
