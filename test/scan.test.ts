import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson } from '../src/load/json';
import { loadLinkedJsonReports } from '../src/load/linked';
import { buildReportDoc } from '../src/pipeline';
import { markupTokens } from '../src/render/markup';
import { DATA, defaultTemplates } from './helpers';

// The markup scanner (src/render/scan.ts) stands in for markdown-it: it must read every markup as
// markdown-it reads it. Compared here on the tokens markup.ts uses, for the markup of every example
// dataset and for generated markup made of the block forms and their near misses.

type Projected = { type: string; tag: string; info?: string; content?: string; style?: string | null; children?: string[] };

function project(markup: string, viaMarkdownIt: boolean): Projected[] {
  return markupTokens(markup, viaMarkdownIt)
    // The scanner leaves out the grouping tokens and cells' closing tokens, which markup.ts skips.
    .filter((t) => !/^(thead|tbody)_(open|close)$|^t[hd]_close$/.test(t.type))
    .map((t) => {
      const p: Projected = { type: t.type, tag: t.tag };
      if (/^container_/.test(t.type) && t.type.endsWith('_open')) p.info = t.info;
      if (t.type === 'inline') {
        p.content = t.content;
        p.children = (t.children ?? []).map((c) => `${c.type}:${c.content}`);
      }
      if (t.type === 'th_open' || t.type === 'td_open') p.style = t.attrGet('style');
      return p;
    });
}

function same(markup: string): void {
  expect(project(markup, false)).toEqual(project(markup, true));
}

describe('markup scanner reads as markdown-it', () => {
  const files = readdirSync(DATA).filter((f) => f.endsWith('.json'));
  it.each(files)('the markup of data/%s', (f) => {
    const file = join(DATA, f);
    const loaded = parseJson(readFileSync(file, 'utf8'), file);
    const r = buildReportDoc(loaded, defaultTemplates(), { linked: loadLinkedJsonReports(loaded, file) });
    if (r.markup === undefined) return;
    expect(r.markup.length).toBeGreaterThan(100);
    same(r.markup);
  });

  const LINES = [
    '',
    ' ',
    '\u3000',
    ':::',
    '::::',
    ' :::',
    '::: table header=2 unit=万元 widths=9,3',
    '::: table',
    ':::table',
    '::: meeting',
    '::: attachment 附件1',
    '::: attachments',
    '::: title',
    '::: bogus',
    ':: title',
    '    ::: date',
    '# 一级',
    '## 二级 ##',
    '### 三级 {.runin}',
    '#### 四级',
    '####### 七个',
    '#无空格',
    '#',
    '# ',
    '   # 缩进',
    '    # 四格',
    '---',
    '***',
    '- - -',
    '___',
    '--',
    '| 项目 | 金额 |',
    '|---|---:|',
    '| :-: | :-- |',
    '|---|',
    '---|---',
    'a | b',
    '| a \\| b | c |',
    '| < | ^ |',
    '| 1 | 2 | 3 |',
    '|',
    '正文一段。',
    '正文  ',
    '正文 ',
    '正文\\',
    '  前有空格',
    '      更多空格',
    '转义 \\# \\* \\_ \\| \\\\ \\a \\中',
    '反斜杠后空格 \\ x',
    '末尾两空格与转义\\#  ',
    '强调 *a* **b** _c_',
    '\uE000' + '0\uE001' + '12.3\uE002',
    '{.runin}',
    '1. 不是列表',
    '> 不是引用',
    '```',
    '<b>不是标签</b>',
    '&amp;',
  ];

  it('generated markup, line by line from the block forms and their near misses', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 3000; k++) {
      const n = 1 + rand(14);
      const lines: string[] = [];
      for (let i = 0; i < n; i++) lines.push(LINES[rand(LINES.length)]!);
      const markup = lines.join('\n') + (rand(2) ? '\n' : '');
      try {
        same(markup);
      } catch (e) {
        throw new Error(`differs for ${JSON.stringify(markup)}: ${(e as Error).message}`);
      }
    }
  });
});
