import { displayWidth, wrapDisplayLine } from '../src/docx/wrap';

describe('title wrapping (GB/T 9704: 词意完整, wider lines on top)', () => {
  it('keeps a title that fits on one line', () => {
    expect(wrapDisplayLine('济南市莱芜区2024年决算草案表', 20)).toEqual(['济南市莱芜区2024年决算草案表']);
  });

  it('breaks the final-accounts title where the seed does, wider line on top', () => {
    expect(wrapDisplayLine('关于莱芜区2024年决算和2025年上半年预算执行情况的报告', 20)).toEqual(['关于莱芜区2024年决算和2025年上半年', '预算执行情况的报告']);
  });

  it('keeps names and ordinals whole in the subtitle', () => {
    const lines = wrapDisplayLine('——2025年8月29日在莱芜区第十九届人大常委会第二十八次会议上', 28);
    expect(lines).toEqual(['——2025年8月29日在莱芜区第十九届人大常委会', '第二十八次会议上']);
  });

  it('never breaks inside a number, before closing punctuation or after 和/的', () => {
    const title = '关于济南市莱芜区2024年度全区一般公共预算和政府性基金预算及国有资本经营预算调整方案的报告';
    const lines = wrapDisplayLine(title, 20);
    expect(lines.join('')).toBe(title);
    expect(lines.length).toBe(3);
    for (const l of lines) {
      expect(displayWidth(l)).toBeLessThanOrEqual(20);
      expect(l).not.toMatch(/(?:和|的)$/);
      expect(l).not.toMatch(/^[，。、]/);
    }
    // Trapezoid or diamond: no line wider than both of its neighbours' shape allows.
    const w = lines.map(displayWidth);
    expect(w[1]! >= w[2]! && (w[0]! >= w[1]! || w[1]! >= w[0]!)).toBe(true);
  });

  it('measures Latin digits as half a character, with the space Chinese typesetting puts around them', () => {
    expect(displayWidth('一二')).toBe(2);
    expect(displayWidth('2024年')).toBe(3.25);
  });
});
