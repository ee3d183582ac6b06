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

/** Made on first use: loading ICU's Chinese word dictionary takes ~20 ms, and only long lines need it. */
let segmenter: Intl.Segmenter | null = null;

/** No line starts with these, and none ends with the openers. */
const NO_START = /^[，。、；：！？）》」』”’…—%]/u;
const NO_END = /[（《「『“‘]$/u;
/** Words that leave a line hanging when they end it. */
const WEAK_END = /(?:和|及|与|的|对|在|于|关于|或|并|暨)$/u;
/** A time phrase continues: 2025年 | 上半年 reads as one phrase. */
const TIME_TAIL = /^(?:上半年|下半年|年度|度|初|底|末|前|后|以来|第)/u;

/** Names and phrases the segmenter may cut but a line must not: 人大常委会, 第十九届 … */
const PHRASES = /(?:区|市|县)?人大常委会|人民代表大会(?:常务委员会)?|常委会|人民政府|财政局|上半年|下半年|第[〇零一二三四五六七八九十百千\d]+[届次期批]/gu;

interface Candidate {
  at: number;
  penalty: number;
}

function candidates(text: string): Candidate[] {
  const segs = [...(segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' })).segment(text)];
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
    out.push({ at, penalty });
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
 */
export function wrapDisplayLine(text: string, measure: number): string[] {
  if (displayWidth(text) <= measure) return [text];
  const cands = candidates(text);
  let best: { lines: string[]; cost: number } | null = null;
  const consider = (cuts: Candidate[]) => {
    const points = [0, ...cuts.map((c) => c.at), text.length];
    const lines = points.slice(1).map((end, i) => text.slice(points[i], end));
    const widths = lines.map(displayWidth);
    if (widths.some((w) => w > measure) || !shapeOk(widths)) return;
    // Word boundaries weigh more than balance: 17/9 at a phrase beats 13/12 inside one.
    const cost = (Math.max(...widths) - Math.min(...widths)) / 2 + cuts.reduce((a, c) => a + c.penalty, 0) + (lines.length - 2) * 4;
    if (!best || cost < best.cost) best = { lines, cost };
  };
  for (const a of cands) consider([a]);
  if (!best) for (const a of cands) for (const b of cands) if (b.at > a.at) consider([a, b]);
  return best ? (best as { lines: string[] }).lines : [text];
}
