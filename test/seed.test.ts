import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docText, laiwuRaw, mustBuild, ROOT } from './helpers';

// The comparison the reference tools use: whitespace and brackets dropped, half-width , : ; folded.
const norm = (s: string) =>
  s
    .replace(/\s+/g, '')
    .replace(/[()（）[\]【】]/g, '')
    .replace(/,/g, '，')
    .replace(/:/g, '：')
    .replace(/;/g, '；');

const fixture = readFileSync(join(ROOT, 'test', 'fixtures', 'laiwu-2024-seed-sentences.txt'), 'utf8')
  .split('\n')
  .filter((l) => !l.startsWith('#'))
  .join('\n');

const sentences = norm(fixture)
  .split(/(?<=[。；])/)
  .filter((s) => s.length >= 8 && /\d/.test(s));

describe('Laiwu 2024 final-accounts report against the published report', () => {
  const text = norm(docText(mustBuild(laiwuRaw())));

  it('has the expected number of figure sentences to check', () => {
    expect(sentences.length).toBe(62);
  });

  it.each(sentences.map((s) => [s.slice(0, 40), s]))('reproduces: %s…', (_label, sentence) => {
    expect(text).toContain(sentence);
  });

  it('computes the analysis figures of section 二 from the dataset', () => {
    for (const fig of ['47.04亿元，增长0.2%', '税收收入完成34.8亿元，下降2.9%', '税收占比为74%，较上年同期下降3.3个百分点', '20.31亿元', '43.2%', '30.42亿元', '75.71亿元，下降0.5%', '63.83亿元', '84.3%', '政府性基金预算收入20.3亿元，下降1.9%', '政府性基金预算支出34.8亿元，下降25.9%']) {
      expect(text).toContain(norm(fig));
    }
  });
});
