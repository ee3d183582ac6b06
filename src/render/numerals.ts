import Nzh from 'nzh';

const cn = Nzh.cn;

/** 1 → 一, 12 → 十二, 20 → 二十 (simplified lower-case numerals, as in 一是, （十二）). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`无法转换为中文数字：${n}`);
  return cn.encodeS(n);
}
