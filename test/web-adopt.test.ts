import { docxOf, rawOf, stripBookmarks } from './adopt-helpers';
import { build, file, form, pageText, serve, type Served } from './web-helpers';

// The web page's adopt, over real HTTP: last year's report and data uploaded, the summary shown and
// the style file downloaded; the style then builds the report on the page like any 格式文件.

let s: Served;
let report: Uint8Array;
beforeAll(async () => {
  s = await serve();
  report = stripBookmarks((await docxOf(rawOf('laiwu-2024'), 'laiwu-2024.json')).bytes);
});
afterAll(async () => {
  await s.app.close();
});

const post = (parts: Parameters<typeof form>[0], json = false) => fetch(`${s.url}/adopt`, { method: 'POST', body: form(parts), headers: json ? { accept: 'application/json' } : {} });

describe('adopt on the web page', () => {
  it('offers the form on the upload page', async () => {
    const html = await (await fetch(`${s.url}/`)).text();
    expect(html).toContain('action="/adopt"');
    expect(pageText(html)).toContain('从去年的报告开始（决算报告）');
  });

  it('shows the summary and gives the style file, which then builds last year’s report on the page', async () => {
    const res = await post([
      { field: 'report', name: '去年的报告.docx', bytes: report },
      { field: 'dataset', name: 'laiwu-2024.json', bytes: file('laiwu-2024.json') },
      { field: 'attachments', name: 'laiwu-2024-performance.json', bytes: file('laiwu-2024-performance.json') },
    ]);
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = pageText(html);
    expect(text).toContain('本区的格式：莱芜区决算报告格式.style.json');
    expect(text).toMatch(/数字 \d+ 个：对应到数据 \d+ 个，有歧义 0 个，未能对应 0 个/);
    expect(text).toContain('用这个格式和去年的数据生成，正文与报告逐字相同。');
    const link = /href="(\/adopt\/[0-9a-f]+\/style\.json)"/.exec(html)![1]!;
    const got = await fetch(`${s.url}${link}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toContain(encodeURIComponent('莱芜区决算报告格式.style.json'));
    const style = await got.text();
    expect(JSON.parse(style).name).toContain('莱芜区决算报告格式');
    const built = await build(s, [
      { field: 'dataset', name: 'laiwu-2024.json', bytes: file('laiwu-2024.json') },
      { field: 'style', name: '莱芜区决算报告格式.style.json', bytes: style },
      { field: 'attachments', name: 'laiwu-2024-performance.json', bytes: file('laiwu-2024-performance.json') },
    ]);
    expect(built.status).toBe(200);
    expect(pageText(built.html)).toContain('全区一般公共预算总收入1165436万元');
  });

  it('answers JSON to a script', async () => {
    const res = await post(
      [
        { field: 'report', name: 'r.docx', bytes: report },
        { field: 'dataset', name: 'laiwu-2024.json', bytes: file('laiwu-2024.json') },
        { field: 'attachments', name: 'laiwu-2024-performance.json', bytes: file('laiwu-2024-performance.json') },
      ],
      true,
    );
    const j = (await res.json()) as { name: string; style: string; summary: { numbers: { unplaced: number } } };
    expect(j.name).toBe('莱芜区决算报告格式.style.json');
    expect(j.summary.numbers.unplaced).toBe(0);
  });

  it('refuses a report of another district, an old .doc and a missing file with Chinese pages, and keeps no upload', async () => {
    const other = await post([
      { field: 'report', name: 'r.docx', bytes: report },
      { field: 'dataset', name: 'lanxi-2024.json', bytes: file('lanxi-2024.json') },
    ]);
    expect(other.status).toBe(422);
    expect(pageText(await other.text())).toContain('报告中没有出现数据中的区名“澜溪区”');
    const doc = await post([
      { field: 'report', name: 'r.doc', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]) },
      { field: 'dataset', name: 'laiwu-2024.json', bytes: file('laiwu-2024.json') },
    ]);
    expect(doc.status).toBe(422);
    expect(pageText(await doc.text())).toContain('这是旧版 Word 文档（.doc');
    const none = await post([{ field: 'dataset', name: 'laiwu-2024.json', bytes: file('laiwu-2024.json') }]);
    expect(none.status).toBe(400);
    expect(pageText(await none.text())).toContain('请选择本区去年的决算报告');
    expect((await fetch(`${s.url}/adopt/0123/style.json`)).status).toBe(404);
  });
});
