import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, docxPart, xmlParagraphs } from './helpers';
import { build, file, pageText, serve, type Part, type Served } from './web-helpers';

// The web page and house styles, over real HTTP: the 格式文件 field (a style chosen on its own,
// used whatever its name and over the dataset's), a style file the dataset names matched by name
// like an attached report, the page saying which style was used, style-missing said for the page,
// and a report without the sections a district does not have (澜溪区: no social insurance, no 上半年,
// no debt or analysis part).

let s: Served;
beforeAll(async () => {
  s = await serve();
});
afterAll(async () => {
  await s.app.close();
});

const LANXI_STYLE = readFileSync(join(DATA, 'styles', 'lanxi.style.json'));
const lanxi = (text = file('lanxi-2024.json').toString('utf8')): Part => ({ field: 'dataset', name: 'lanxi-2024.json', bytes: text });
const lanxiWithoutStyle = () => {
  const raw = JSON.parse(file('lanxi-2024.json').toString('utf8'));
  delete raw.style;
  return lanxi(JSON.stringify(raw, null, 2));
};

/** The 澜溪区 example's general-budget paragraph in its own style (亿元 with kept zeros, the 加上 frame). */
const STYLED =
  '区一般公共预算收入38.56亿元，为调整预算的101.5%，比上年增长8.0%。加上上级补助收入41.23亿元、地方政府一般债券转贷收入5.20亿元、上年结转收入1.84亿元，以及调入资金2.57亿元，收入总量为89.40亿元。区一般公共预算支出70.24亿元，为调整预算的98.2%，比上年增长5.0%。加上上解上级支出9.64亿元、地方政府一般债券还本支出4.86亿元，以及结转下年支出4.67亿元，支出总量为89.40亿元。区一般公共预算收支决算平衡。';

/** Removes each figure's tooltip (nested spans) so the preview reads as the report's text. */
function withoutTips(html: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const at = html.indexOf('<span class="tip"', i);
    if (at < 0) return out + html.slice(i);
    out += html.slice(i, at);
    let depth = 0;
    let j = at;
    for (;;) {
      const open = html.indexOf('<span', j);
      const close = html.indexOf('</span>', j);
      if (open >= 0 && open < close) {
        depth++;
        j = open + 5;
      } else {
        depth--;
        j = close + 7;
        if (depth === 0) break;
      }
    }
    i = j;
  }
}

/** The preview's paragraphs, as a reader sees them. */
function previewParagraphs(html: string): string[] {
  const paper = /<article class="paper"[^>]*>([\s\S]*)<\/article>/.exec(html)?.[1] ?? '';
  return [...withoutTips(paper).matchAll(/<(p|h\d)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => pageText(m[2]!));
}

async function docxParagraphs(id: string): Promise<string[]> {
  const res = await fetch(`${s.url}/r/${id}/docx`);
  expect(res.status).toBe(200);
  return xmlParagraphs(docxPart(new Uint8Array(await res.arrayBuffer()), 'word/document.xml'));
}

describe('the upload form', () => {
  it('has an optional 格式文件 field for the district’s style file', async () => {
    const html = await (await fetch(`${s.url}/`)).text();
    expect(html).toMatch(/<label for="style">格式文件 <span class="opt">（可选）<\/span><\/label>\s*<input id="style" type="file" name="style" accept="\.json"/);
  });
});

describe('a style file uploaded with the data', () => {
  it('web upload with a style file gives the styled paragraphs and shows the style’s name', async () => {
    const { id, html } = await build(s, [lanxiWithoutStyle(), { field: 'style', name: '本区格式.json', bytes: LANXI_STYLE }]);
    const text = pageText(html);
    expect(text).toContain('数据校验通过');
    expect(text).toContain('格式文件：本区格式.json');
    expect(text).toContain('格式：澜溪区决算报告格式（格式文件 本区格式.json）');
    expect(previewParagraphs(html)).toContain(STYLED);
    expect(await docxParagraphs(id)).toContain(STYLED);
  });

  it('a style file chosen in the 格式文件 field overrides the style the dataset names', async () => {
    const other = JSON.stringify({ name: '试用格式', frame: '其中', salutation: '各位主任、各位委员：' });
    const { html } = await build(s, [lanxi(), { field: 'style', name: '试用格式.json', bytes: other }]);
    const text = pageText(html);
    expect(text).toContain('格式：试用格式（格式文件 试用格式.json）');
    expect(text).not.toContain('style-missing');
    const paragraphs = previewParagraphs(html);
    expect(paragraphs).toContain('各位主任、各位委员：');
    expect(paragraphs).not.toContain(STYLED);
  });

  it('the style file the dataset names is matched by its file name, like an attached report', async () => {
    const { html } = await build(s, [lanxi(), { field: 'attachments', name: 'lanxi.style.json', bytes: LANXI_STYLE }]);
    const text = pageText(html);
    expect(text).toContain('格式：澜溪区决算报告格式（格式文件 lanxi.style.json）');
    expect(text).not.toContain('未用到的附件文件');
    expect(previewParagraphs(html)).toContain(STYLED);
  });

  it('web upload of a dataset naming a style file without uploading it shows the located message', async () => {
    const { html } = await build(s, [lanxi()]);
    const text = pageText(html);
    const line = file('lanxi-2024.json').toString('utf8').split('\n').findIndex((l) => l.includes('"style"')) + 1;
    expect(text).toContain('无法成稿');
    expect(text).toContain('格式文件未读取');
    expect(text).toMatch(new RegExp(`第 ${line} 行第 \\d+ 列 格式`));
    expect(text).toContain('格式文件“styles/lanxi.style.json”未读取：请在上传页面的“格式文件”中选择“lanxi.style.json”，与数据文件一并上传；或删除数据中的格式文件名（style），按默认格式生成。');
    expect(html).not.toContain('/docx"');
  });

  it('a style file that is not JSON is refused with its own name', async () => {
    const { html } = await build(s, [lanxiWithoutStyle(), { field: 'style', name: '格式.json', bytes: '{"frame": ' }]);
    const text = pageText(html);
    expect(text).toContain('格式.json');
    expect(text).toContain('JSON 语法错误');
  });

  it('the page names the style written in the data, or 默认格式', async () => {
    const songyan = await build(s, [{ field: 'dataset', name: 'songyan-2024.json', bytes: file('songyan-2024.json') }]);
    expect(pageText(songyan.html)).toContain('格式：松岩区决算报告格式（数据中填写）');
    const plain = await build(s, [lanxi(JSON.stringify({ ...JSON.parse(file('lanxi-2024.json').toString('utf8')), style: undefined }))]);
    expect(pageText(plain.html)).toContain('格式：默认格式');
  });

  it('a style file beside a report kind without a style is said to be unused', async () => {
    const { html } = await build(s, [
      { field: 'dataset', name: 'laiwu-2024-performance.json', bytes: file('laiwu-2024-performance.json') },
      { field: 'style', name: '本区格式.json', bytes: LANXI_STYLE },
    ]);
    const text = pageText(html);
    expect(text).toContain('未用到的格式文件：本区格式.json（格式只用于决算报告）');
    expect(text).not.toContain('格式：');
  });
});

describe('a district without some sections', () => {
  it('澜溪区 (no social insurance, no 上半年, no debt or analysis part): the page and preview show only what it has, every figure traced', async () => {
    const { id, html } = await build(s, [lanxi(), { field: 'style', name: 'lanxi.style.json', bytes: LANXI_STYLE }]);
    const text = pageText(html);
    expect(text).toContain('关于澜溪区2024年决算的报告');
    expect(text).toContain('数据校验通过：未发现错误或警告');
    const paragraphs = previewParagraphs(html);
    const body = paragraphs.join('\n');
    for (const absent of ['社会保险', '上半年', '政府债务', '四本']) expect(body).not.toContain(absent);
    expect(paragraphs).toEqual(expect.arrayContaining(['（一）一般公共预算收支决算情况', '（二）政府性基金预算收支决算情况', '（三）国有资本经营预算收支决算情况']));
    expect(html).not.toContain('（未记录来源）');
    expect(html).not.toContain('fig-error');
    // Every figure of the preview names a cell, a line or a computation of the uploaded data.
    expect(withoutTips(html).match(/class="fig"/g)?.length).toBe((html.match(/<span class="tip-head">来源<\/span><span class="src-/g) ?? []).length);
    const audit = (await (await fetch(`${s.url}/r/${id}/audit.json`)).json()) as { unsourced: unknown[] };
    expect(audit.unsourced).toEqual([]);
    expect(await docxParagraphs(id)).toEqual(expect.arrayContaining([STYLED]));
  });
});
