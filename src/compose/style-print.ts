import type { HouseStyle, AmountStyle, NumberStyle } from '../style/house-style';
import { direction, formatCount, formatFixed, formatWan, groupThousands, round } from './format';
import type { Num } from './num';
import type { RefFormat } from '../style/refs';

/** What a figure is, which decides how it prints: an amount, a rate, a change (增长/下降), a change of rate, a year. */
export type FigureKind = 'amount' | 'rate' | 'growth' | 'pp' | 'year' | 'count';

/** Prints figures by a house style: units, places, trailing zeros, separators, and the 增长/下降 words. */
export class StylePrinter {
  constructor(readonly style: HouseStyle) {}

  private amountStyle(name?: string, here?: RefFormat | null): AmountStyle {
    const named = name ? this.style.formats.get(name) : undefined;
    // A reference's own 印法 ({{名称|亿元2位}}) wins over the figure's format, which wins over the style's.
    const own = here ? { ...named, ...here } : named;
    if (!own) return this.style.amounts;
    const unit = own.unit ?? this.style.amounts.unit;
    const digits = own.digits ?? (own.unit && own.unit !== this.style.amounts.unit ? 2 : this.style.amounts.digits);
    return {
      unit,
      digits,
      keepZeros: own.keepZeros ?? this.style.amounts.keepZeros,
      thousands: own.thousands ?? this.style.amounts.thousands,
      asTyped: unit === '万元' && own.digits === undefined && (this.style.amounts.asTyped || here?.unit === '万元'),
    };
  }

  private numberStyle(base: NumberStyle, name?: string, here?: RefFormat | null): NumberStyle {
    const own = name ? this.style.formats.get(name) : undefined;
    return { digits: here?.digits ?? own?.digits ?? base.digits, keepZeros: here?.keepZeros ?? own?.keepZeros ?? base.keepZeros };
  }

  /**
   * 470383万元 / 47.04亿元 / 1,254,300万元. An amount that is not 0 but would print as 0 in the
   * style's unit and places (383万元 as 0.0亿元) is printed in 万元 as the data has it: a report
   * never says 0 of a sum that is there.
   */
  amount(n: Num, name?: string, here?: RefFormat | null): string {
    let a = this.amountStyle(name, here);
    if (!n.value.isZero() && this.printsZero(n, a)) a = { ...a, unit: '万元', asTyped: true };
    const v = a.unit === '亿元' ? n.value.div(10000) : n.value;
    let s = a.asTyped ? formatWan(v) : formatFixed(v, a.digits, a.keepZeros);
    if (a.thousands) s = groupThousands(s);
    return `${s}${a.unit}`;
  }

  /** Whether `amount` prints this figure in 万元 only because the style's unit would show 0 (see there). */
  amountFallsBack(n: Num, name?: string): boolean {
    return !n.value.isZero() && this.printsZero(n, this.amountStyle(name));
  }

  private printsZero(n: Num, a: AmountStyle): boolean {
    const v = a.unit === '亿元' ? n.value.div(10000) : n.value;
    return a.asTyped ? round(v, 2).isZero() : round(v, a.digits).isZero();
  }

  /** 100.08%. */
  rate(n: Num, name?: string, here?: RefFormat | null): string {
    const r = this.numberStyle(this.style.rates, name, here);
    return `${formatFixed(n.value, r.digits, r.keepZeros)}%`;
  }

  /** The change's magnitude and its direction word: 增长8.0% / 下降0.52% / 持平. */
  change(n: Num, name?: string, unit: '%' | '个百分点' = '%', here?: RefFormat | null): { dir: 'up' | 'down' | 'flat'; text: string } {
    const g = this.numberStyle(unit === '%' ? this.style.growth : { digits: 1, keepZeros: this.style.growth.keepZeros }, name, here);
    const dir = direction(n.value, g.digits);
    return { dir, text: dir === 'flat' ? '' : `${formatFixed(n.value.abs(), g.digits, g.keepZeros)}${unit}` };
  }

  /** 增长8.0% / 下降0.5% / 持平. */
  growth(n: Num, name?: string, here?: RefFormat | null): string {
    const c = this.change(n, name, '%', here);
    return c.dir === 'flat' ? '持平' : `${c.dir === 'up' ? '增长' : '下降'}${c.text}`;
  }

  /** A change of a share: 提高1.2个百分点 / 下降3.3个百分点 / 持平. */
  points(n: Num, name?: string, here?: RefFormat | null): string {
    const c = this.change(n, name, '个百分点', here);
    return c.dir === 'flat' ? '持平' : `${c.dir === 'up' ? '提高' : '下降'}${c.text}`;
  }

  /** A change of a share printed without a direction word (the text says it: 回落7.8个百分点); a fall keeps its sign. */
  plainPoints(n: Num, name?: string, here?: RefFormat | null): string {
    const g = this.numberStyle({ digits: 1, keepZeros: this.style.growth.keepZeros }, name, here);
    return `${formatFixed(n.value, g.digits, g.keepZeros)}个百分点`;
  }

  /** A figure of this kind by the style, the figure's own format, and the reference's 印法 (`here`). */
  print(kind: FigureKind, n: Num, name?: string, here?: RefFormat | null): string {
    switch (kind) {
      case 'amount':
        return this.amount(n, name, here);
      case 'rate':
        return this.rate(n, name, here);
      case 'growth':
        return this.growth(n, name, here);
      case 'pp':
        return this.points(n, name, here);
      default:
        return formatCount(n.value);
    }
  }
}
