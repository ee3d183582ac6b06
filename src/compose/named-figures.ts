import type { Num } from './num';
import type { FigureKind } from './style-print';

/**
 * Every figure of a final-accounts dataset under a Chinese name a writer can type in a paragraph
 * written in data ({{全区一般公共预算收入增长}}) or an IT person in a template ({{fig "…"}}).
 * Names follow one pattern, documented in the README:
 *   范围 + 预算 + 收入/支出 [+ 完成率 | 增长 | 上年数 | 可比增长 | 调整预算数 | 超收]
 *   范围 + 预算 + 总收入/总支出 | 年终结余 | 一行的名称
 * with 范围 全区/区级 (whatever the style prints), 预算 一般公共预算/政府性基金预算/国有资本经营预算/
 * 社会保险基金. The kind decides how it prints (amount in the style's unit, growth with 增长/下降).
 */
export interface NamedFigure {
  num: Num;
  kind: FigureKind;
  /** The count word after a count (个). */
  unit?: string;
}

export class NamedFigures {
  readonly kind = 'named-figures';
  private readonly map = new Map<string, NamedFigure>();
  private readonly byNum = new Map<Num, string>();
  private readonly byPath = new Map<string, string>();
  /** Names given twice (two lines with the same label): refused when cited, as ambiguous. */
  readonly ambiguous = new Set<string>();

  set(name: string, num: Num | null | undefined, kind: FigureKind, unit?: string): void {
    if (!num) return;
    if (this.map.has(name) || this.ambiguous.has(name)) {
      this.map.delete(name);
      this.ambiguous.add(name);
      return;
    }
    this.map.set(name, unit ? { num, kind, unit } : { num, kind });
    if (!this.byNum.has(num)) this.byNum.set(num, name);
    const path = 'path' in num.src ? num.src.path : undefined;
    if (path !== undefined && !this.byPath.has(path)) this.byPath.set(path, name);
  }
  /**
   * Lets `num` go by the name of another figure printed in its place (a shortfall, printed as its
   * 短收 without the sign), so that name's format applies to it.
   */
  printsAs(num: Num, name: string): void {
    if (!this.byNum.has(num) && this.map.has(name)) this.byNum.set(num, name);
  }
  /**
   * The name a figure goes by (the composer prints it by the style's format for that name): the
   * figure itself, or one read from the same place in the data (a template's view holds its own).
   */
  nameOf(num: Num): string | undefined {
    const name = this.byNum.get(num) ?? ('path' in num.src ? this.byPath.get(num.src.path) : undefined);
    return name !== undefined && this.map.has(name) ? name : undefined;
  }
  get(name: string): NamedFigure | undefined {
    return this.map.get(name);
  }
  has(name: string): boolean {
    return this.map.has(name);
  }
  names(): string[] {
    return [...this.map.keys()];
  }
  entries(): [string, NamedFigure][] {
    return [...this.map.entries()];
  }
}

/** The closest known names to a mistyped one (shared characters, in order), for the error message. */
export function closestNames(name: string, known: readonly string[], max = 3): string[] {
  const chars = [...name];
  const score = (k: string) => {
    const kc = [...k];
    // The common part is at most the shorter name: one under half the longer scores under 0.5 (left
    // out below) without the table, which for a name typed thousands of characters long took seconds.
    if (2 * Math.min(chars.length, kc.length) < Math.max(chars.length, kc.length)) return 0;
    // Longest common subsequence, normalised by the longer name.
    const dp = Array.from({ length: chars.length + 1 }, () => new Array<number>(kc.length + 1).fill(0));
    for (let i = 1; i <= chars.length; i++)
      for (let j = 1; j <= kc.length; j++) dp[i]![j] = chars[i - 1] === kc[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
    return dp[chars.length]![kc.length]! / Math.max(chars.length, kc.length);
  };
  return known
    .map((k) => ({ k, s: score(k) }))
    .filter((x) => x.s >= 0.5)
    .sort((a, b) => b.s - a.s || a.k.length - b.k.length)
    .slice(0, max)
    .map((x) => x.k);
}
