import { D } from '../src/compose/num';
import { formatChange, formatNumber, formatWan, formatYi } from '../src/compose/format';

describe('figure formatting policy', () => {
  it('rounds half up exactly, with no binary floating-point surprises', () => {
    expect(formatNumber(new D(1.005), 2)).toBe('1.01');
    expect(formatNumber(new D(2.675), 2)).toBe('2.68');
    expect(formatNumber(new D(-0.525), 2)).toBe('-0.53');
  });

  it('drops trailing zeros', () => {
    expect(formatNumber(new D(99.7), 2)).toBe('99.7');
    expect(formatNumber(new D('73.98'), 1)).toBe('74');
    expect(formatNumber(new D(50.0), 1)).toBe('50');
  });

  it('prints 万元 as typed and 亿元 from the 万元 figure', () => {
    expect(formatWan(new D(1165436))).toBe('1165436');
    expect(formatWan(new D(6162.87))).toBe('6162.87');
    expect(formatYi(new D(470383), 2)).toBe('47.04');
    expect(formatYi(new D(203081), 1)).toBe('20.3');
    expect(formatYi(new D(203081), 2)).toBe('20.31');
    expect(formatYi(new D(32000), 2)).toBe('3.2');
  });

  it('chooses 增长 / 下降 / 持平 from the displayed value', () => {
    expect(formatChange(new D(0.21), 2, '%')).toBe('增长0.21%');
    expect(formatChange(new D(0.21), 1, '%')).toBe('增长0.2%');
    expect(formatChange(new D(-0.52), 2, '%')).toBe('下降0.52%');
    expect(formatChange(new D(0.04), 1, '%')).toBe('持平');
    expect(formatChange(new D(-0.004), 2, '%')).toBe('持平');
    expect(formatChange(new D(-3.326), 1, '个百分点')).toBe('下降3.3个百分点');
  });
});
