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

  it('breaks titles as ICU word boundaries would, without loading ICU for the usual titles', () => {
    const districts = ['莱芜区', '历城区', '台儿庄区', '东昌府区', '茌平区', '市中区', '济南市莱芜区', '怀化市鹤城区'];
    const titles: [string, number][] = [];
    for (const d of districts)
      for (const y of [2019, 2024]) {
        titles.push([`关于${d}${y}年决算和${y + 1}年上半年预算执行情况的报告`, 20]);
        titles.push([`${y}年${d}预算绩效工作开展情况说明`, 20]);
        titles.push([`${d}${y}年预算绩效管理工作开展情况说明`, 20]);
        titles.push([`${d}财政局关于${y}年度预算绩效管理工作情况的报告`, 20]);
        titles.push([`——${y + 1}年8月29日在${d}第十九届人大常委会第二十八次会议上`, 28]);
        titles.push([`${d}财政局${y}年工作情况及${y + 1}年工作计划`, 20]);
        titles.push([`关于${d}${y}年度全区一般公共预算和政府性基金预算及国有资本经营预算调整方案的报告`, 20]);
      }
    for (const [t, m] of titles) expect(wrapDisplayLine(t, m)).toEqual(wrapDisplayLine(t, m, 'icu'));

    // Loading ICU's dictionary is a tenth of a cold build: the shipped examples' titles do without.
    // A fresh module: no segmenter made by the tests above.
    let fresh!: typeof wrapDisplayLine;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      fresh = (require('../src/docx/wrap') as typeof import('../src/docx/wrap')).wrapDisplayLine;
    });
    const Original = Intl.Segmenter;
    let made = 0;
    const intl = Intl as { Segmenter: typeof Intl.Segmenter };
    intl.Segmenter = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        made++;
      }
    };
    try {
      expect(fresh('关于济南市莱芜区2024年决算和2025年上半年预算执行情况的报告', 20).length).toBe(2);
      expect(made).toBe(1); // a long name the word list does not know: ICU decides
      made = 0;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        fresh = (require('../src/docx/wrap') as typeof import('../src/docx/wrap')).wrapDisplayLine;
      });
      for (const t of ['关于莱芜区2024年决算和2025年上半年预算执行情况的报告', '历城区2023年预算绩效管理工作开展情况说明', '关于2024年度预算绩效管理工作情况的报告（书面）'])
        expect(fresh(t, 20).length).toBe(2);
      expect(fresh('——2025年8月29日在莱芜区第十九届人大常委会第二十八次会议上', 28).length).toBe(2);
      expect(made).toBe(0);
    } finally {
      intl.Segmenter = Original;
    }
  });

  it('leaves a line wider than three lines to the program\'s own wrapping without searching for cuts (a speaker\'s title thousands of characters long hung the build)', () => {
    // Found by the fuzzer: every pair of cuts was tried, each measuring the whole text, first over the
    // title words and then over ICU's: minutes for 6,000 characters. Past three lines nothing is searched.
    const segment = jest.spyOn(Intl.Segmenter.prototype, 'segment');
    try {
      for (const text of ['很长'.repeat(100), `关于${'莱芜区'.repeat(40)}的报告`]) expect(wrapDisplayLine(text, 28)).toEqual([text]);
      expect(segment).not.toHaveBeenCalled();
    } finally {
      segment.mockRestore();
    }
    // Just under three lines' width still gets its lines.
    const three = '关于莱芜区二〇二四年全区一般公共预算决算和政府性基金预算决算以及国有资本经营预算决算和社会保险基金预算决算草案的审查报告';
    expect(displayWidth(three)).toBeLessThanOrEqual(3 * 28);
    expect(wrapDisplayLine(three, 28).length).toBeGreaterThan(1);
  });
});
