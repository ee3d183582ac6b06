import Decimal from 'decimal.js';
import type { Source } from '../model/source';

// One Decimal configuration for the whole tool: exact decimal arithmetic, 四舍五入 half away from zero.
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

/**
 * A figure on its way to print: exact value plus where it came from. Templates cannot print it
 * directly (toString throws); they must go through a formatting helper, so every number in the
 * text passes the one formatting policy and carries its source into the document.
 */
export class Num {
  constructor(
    readonly value: Dec,
    readonly src: Source,
    /**
     * The dataset field this figure stands for when it is computed in that field's place (a growth
     * computed from last year stands for …growth): it names the figure in the document whether the
     * data typed it or left it to the computation, so `refresh` finds it either way.
     */
    readonly field?: string,
  ) {}
  toString(): string {
    throw new Error(`数字 ${this.value.toFixed()} 必须通过格式化助手输出（如 wan、yi、pct），来源 ${JSON.stringify(this.src)}`);
  }
  isZero(): boolean {
    return this.value.isZero();
  }
}

/** The same figure, standing for a dataset field (see Num.field). */
export function standingFor(n: Num, field: string): Num {
  return new Num(n.value, n.src, field);
}

export function num(value: number | string | Dec, path: string): Num {
  return new Num(new D(value), { path });
}

export function derive(name: string, value: Dec, inputs: Num[]): Num {
  return new Num(value, { derivation: name, inputs: inputs.map((n) => n.src) });
}

/** part ÷ whole × 100 (a completion rate, a share). */
export function ratio(name: string, part: Num, whole: Num): Num {
  if (whole.value.isZero()) throw new Error(`${name}：分母为 0，无法计算比率`);
  return derive(name, part.value.div(whole.value).mul(100), [part, whole]);
}

/** current ÷ last − 1, × 100. */
export function growth(name: string, current: Num, last: Num): Num {
  if (last.value.isZero()) throw new Error(`${name}：上年数为 0，无法计算增长率`);
  return derive(name, current.value.div(last.value).sub(1).mul(100), [current, last]);
}

export function sum(name: string, parts: Num[]): Num {
  return derive(name, parts.reduce((acc, p) => acc.add(p.value), new D(0)), parts);
}

export function difference(name: string, a: Num, b: Num): Num {
  return derive(name, a.value.sub(b.value), [a, b]);
}

export function sameValue(a: Num | null | undefined, b: Num | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.value.eq(b.value);
}
