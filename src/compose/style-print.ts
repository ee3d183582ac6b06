import type { HouseStyle, AmountStyle, NumberStyle } from '../style/house-style';
import { direction, formatCount, formatFixed, formatWan, groupThousands, round } from './format';
import type { Num } from './num';

/** What a figure is, which decides how it prints: an amount, a rate, a change (增长/下降), a change of rate, a year. */
export type FigureKind = 'amount' | 'rate' | 'growth' | 'pp' | 'year' | 'count';

/** Prints figures by a house style: units, places, trailing zeros, separators, and the 增长/下降 words. */
export class StylePrinter {
  constructor(readonly style: HouseStyle) {}

  private amountStyle(name?: string): AmountStyle {
    const own = name ? this.style.formats.get(name) : undefined;
    if (!own) return this.style.amounts;
    const unit = own.unit ?? this.style.amounts.unit;
    const digits = own.digits ?? (own.unit && own.unit !== this.style.amounts.unit ? 2 : this.style.amounts.digits);
    return {
      unit,
      digits,
      keepZeros: own.keepZeros ?? this.style.amounts.keepZeros,
      thousands: own.thousands ?? this.style.amounts.thousands,
      asTyped: unit === '万元' && own.digits === undefined && this.style.amounts.asTyped,
    };
  }

  private numberStyle(base: NumberStyle, name?: string): NumberStyle {
    const own = name ? this.style.formats.get(name) : undefined;
    return { digits: own?.digits ?? base.digits, keepZeros: own?.keepZeros ?? base.keepZeros };
  }

  /** 470383万元 / 47.04亿元 / 1,254,300万元. */
  amount(n: Num, name?: string): string {
    const a = this.amountStyle(name);
    const v = a.unit === '亿元' ? n.value.div(10000) : n.value;
    let s = a.asTyped ? formatWan(v) : formatFixed(v, a.digits, a.keepZeros);
    if (a.thousands) s = groupThousands(s);
    return `${s}${a.unit}`;
  }

  /** The amount's number only, for a figure whose value is 0 tested before printing. */
  amountIsZero(n: Num, name?: string): boolean {
    const a = this.amountStyle(name);
    const v = a.unit === '亿元' ? n.value.div(10000) : n.value;
    return a.asTyped ? round(v, 2).isZero() : round(v, a.digits).isZero();
  }

  /** 100.08%. */
  rate(n: Num, name?: string): string {
    const r = this.numberStyle(this.style.rates, name);
    return `${formatFixed(n.value, r.digits, r.keepZeros)}%`;
  }

  /** The change's magnitude and its direction word: 增长8.0% / 下降0.52% / 持平. */
  change(n: Num, name?: string, unit: '%' | '个百分点' = '%'): { dir: 'up' | 'down' | 'flat'; text: string } {
    const g = this.numberStyle(unit === '%' ? this.style.growth : { digits: 1, keepZeros: this.style.growth.keepZeros }, name);
    const dir = direction(n.value, g.digits);
    return { dir, text: dir === 'flat' ? '' : `${formatFixed(n.value.abs(), g.digits, g.keepZeros)}${unit}` };
  }

  /** 增长8.0% / 下降0.5% / 持平. */
  growth(n: Num, name?: string): string {
    const c = this.change(n, name);
    return c.dir === 'flat' ? '持平' : `${c.dir === 'up' ? '增长' : '下降'}${c.text}`;
  }

  /** A change of a share: 提高1.2个百分点 / 下降3.3个百分点 / 持平. */
  points(n: Num, name?: string): string {
    const c = this.change(n, name, '个百分点');
    return c.dir === 'flat' ? '持平' : `${c.dir === 'up' ? '提高' : '下降'}${c.text}`;
  }

  print(kind: FigureKind, n: Num, name?: string): string {
    switch (kind) {
      case 'amount':
        return this.amount(n, name);
      case 'rate':
        return this.rate(n, name);
      case 'growth':
        return this.growth(n, name);
      case 'pp':
        return this.points(n, name);
      default:
        return formatCount(n.value);
    }
  }
}
