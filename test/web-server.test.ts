import { request, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readWorkbook } from '../src/load/xlsx';
import { uploadLabel } from '../src/web/uploads';
import { isLoopback } from '../src/web/auth';
import { acceptsGzip, appInternals } from '../src/web/app';
import { join } from 'node:path';
import { parseJson } from '../src/load/json';
import { loadLinkedJsonReports } from '../src/load/linked';
import { buildReportDoc } from '../src/pipeline';
import { packReport } from '../src/docx/pack';
import { DATA, defaultTemplates, laiwuRaw } from './helpers';
import { docxTexts } from './adopt-helpers';
import { LIBREOFFICE } from './libreoffice';
import { build, file, form, laiwuWorkbook, pageText, serve, spoilCell, zipBomb, type Served } from './web-helpers';

// The web page's server over real HTTP on a loopback port: pages, builds, downloads, and every kind
// of bad upload, each answered with a clear Chinese page while the server keeps serving.

let s: Served;
beforeAll(async () => {
  s = await serve();
});
afterAll(async () => {
  await s.app.close();
});

const attachment = { field: 'attachments', name: 'laiwu-2024-performance.json', bytes: file('laiwu-2024-performance.json') };

/** A GET with headers fetch may not set (Host). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A GET answered as bytes, exactly as sent (no decoding of a compressed body). */
function rawBytes(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function stillServing(): Promise<void> {
  const res = await fetch(`${s.url}/`);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('上传数据，校验并生成');
}

describe('pages', () => {
  it('serves the upload page in Chinese, with security headers and no inline script', async () => {
    const res = await fetch(`${s.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    for (const text of ['选择报告类型', '决算报告', '预算绩效管理工作情况报告', '工作情况及工作计划', '下载空白工作簿', '上年数据', '附件报告文件', '校验并生成']) expect(html).toContain(text);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(html).not.toMatch(/ style="/);
  });

  it('answers an unknown page with a Chinese 404 page', async () => {
    const res = await fetch(`${s.url}/no/such/page`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('页面不存在');
  });

  it('refuses a Host that is not this machine when there is no token (DNS rebinding)', async () => {
    const res = await rawGet(`${s.url}/`, { host: 'evil.example:8080' });
    expect(res.status).toBe(403);
    expect(res.body).toContain('只接受本机访问');
  });

  it('refuses a form posted from another site', async () => {
    const res = await fetch(`${s.url}/build`, { method: 'POST', body: form([{ field: 'dataset', name: 'x.json', bytes: '{}' }]), headers: { origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('请求来自其他网站');
  });

  it('refuses a POST with Origin: null (a local file, a sandboxed frame, a redirect from elsewhere) on a loopback server without a token, as from another site', async () => {
    const res = await fetch(`${s.url}/build`, { method: 'POST', body: form([{ field: 'dataset', name: 'x.json', bytes: file('laiwu-2024.json') }]), headers: { origin: 'null' } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('请求的来源不明');
    const login = await fetch(`${s.url}/logout`, { method: 'POST', headers: { origin: 'null' }, redirect: 'manual' });
    expect(login.status).toBe(403);
    // The page's own origin is accepted.
    const own = await fetch(`${s.url}/logout`, { method: 'POST', headers: { origin: new URL(s.url).origin }, redirect: 'manual' });
    expect(own.status).toBe(303);
  });

  it('asks browsers to send its own origin with its forms: Referrer-Policy same-origin (with no-referrer they send "Origin: null")', async () => {
    const res = await fetch(`${s.url}/`);
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('gives the example datasets by their names only', async () => {
    const ok = await fetch(`${s.url}/examples/laiwu-2024-performance.json`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { kind: string }).kind).toBe('performance');
    for (const bad of ['..%2Fpackage.json', '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', 'laiwu-2024.xlsx']) {
      const res = await fetch(`${s.url}/examples/${bad}`);
      expect(res.status).toBe(404);
    }
  });
});

describe('workbooks', () => {
  it('downloads a blank workbook with the district and year filled in', async () => {
    const res = await fetch(`${s.url}/workbook/blank?kind=final-accounts&district=${encodeURIComponent('莱芜区')}&year=2024`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('莱芜区2024年决算报告数据.xlsx'));
    const loaded = await readWorkbook(new Uint8Array(await res.arrayBuffer()), 'blank.xlsx');
    expect((loaded.value as { kind: string }).kind).toBe('final-accounts');
    expect((loaded.value as { meta: { district: string; year: number } }).meta).toMatchObject({ district: '莱芜区', year: 2024 });
  });

  it('refuses a year that is not four digits, with a Chinese page', async () => {
    const res = await fetch(`${s.url}/workbook/blank?kind=final-accounts&year=24`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('年度应为四位数字');
  });

  it('exports an uploaded dataset as a filled workbook that reads back as the same data (or says why not)', async () => {
    const res = await fetch(`${s.url}/workbook/export`, { method: 'POST', body: form([{ field: 'dataset', name: 'laiwu-2023-synthetic.json', bytes: file('../test/fixtures/laiwu-2023-synthetic.json') }]) });
    if (res.status === 200) {
      const back = await readWorkbook(new Uint8Array(await res.arrayBuffer()), 'x.xlsx');
      expect((back.value as { meta: { year: number } }).meta.year).toBe(2023);
    } else {
      // A dataset the workbook cannot hold yet is refused by name, not lost.
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('无法导出工作簿');
    }
  });
});

describe('a build', () => {
  let id: string;
  let html: string;
  let workbookSource: string;

  beforeAll(async () => {
    const wb = await laiwuWorkbook();
    workbookSource = wb.source;
    ({ id, html } = await build(s, [{ field: 'dataset', name: 'laiwu-2024.xlsx', bytes: wb.bytes }, attachment]));
  });

  it(`shows the report (title, headings, tables) with every figure traced to its cell`, () => {
    expect(workbookSource).toBeTruthy();
    const text = pageText(html);
    expect(text).toContain('关于莱芜区2024年决算和2025年上半年预算执行情况的报告');
    expect(text).toContain('数据校验通过');
    expect(html).toContain('class="b-heading h1"');
    expect(html).toMatch(/<table>[\s\S]*colspan="\d"/);
    // A figure: focusable, described by its tooltip, which names the sheet and cell.
    const fig = /<span class="fig" id="(f\d+)" tabindex="0" aria-describedby="\1-tip">1165436万元<span class="tip" role="tooltip" id="\1-tip">([\s\S]*?)<\/span><\/span>/.exec(html);
    expect(fig).not.toBeNull();
    expect(pageText(fig![2]!)).toMatch(/工作表“一般公共预算” 单元格 [A-Z]+\d+ 一般公共预算·全区·收入·合计 = 1165436/);
    // A computed figure names its computation and inputs.
    expect(pageText(html)).toMatch(/计算：[^<]*/);
    expect(html).not.toContain('fig-error');
  });

  it('downloads the DOCX, whose text is the report', async () => {
    const res = await fetch(`${s.url}/r/${id}/docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('关于莱芜区2024年决算'));
    const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!);
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('全区一般公共预算总收入');
    expect(text).toContain('1165436');
  });

  it('downloads the numbers audit, placing workbook values at their cells', async () => {
    const res = await fetch(`${s.url}/r/${id}/audit.json`);
    const audit = (await res.json()) as { numbers: { source: { path?: string; sheet?: string; cell?: string } }[]; unsourced: unknown[] };
    expect(audit.unsourced).toEqual([]);
    const placed = audit.numbers.filter((n) => n.source.sheet && n.source.cell);
    expect(placed.length).toBeGreaterThan(50);
  });

  it('offers the PDF only where LibreOffice is installed', async () => {
    // This server was started without LibreOffice.
    expect(html).toContain('PDF：本机未安装 LibreOffice');
    const res = await fetch(`${s.url}/r/${id}/pdf`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('apt-get install libreoffice-writer');
  });

  it('receives uploads in memory: nothing of them is written to disk', async () => {
    // Under 50 writers at once, a copy of each upload in a temporary directory (written, never read,
    // then removed) was about a third of the server process's own work.
    const refuse = () => {
      throw new Error('an upload was written to disk');
    };
    // The modules themselves (not an import's namespace copy), as the server's code reaches them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fsPromises = require('node:fs/promises') as typeof import('node:fs/promises');
    const spies = [
      jest.spyOn(fsPromises, 'mkdtemp').mockImplementation(refuse),
      jest.spyOn(fsPromises, 'writeFile').mockImplementation(refuse),
      jest.spyOn(fs, 'createWriteStream').mockImplementation(refuse),
      jest.spyOn(fs, 'mkdtempSync').mockImplementation(refuse),
      jest.spyOn(fs, 'writeFileSync').mockImplementation(refuse),
    ];
    try {
      const r = await build(s, [{ field: 'dataset', name: 'laiwu-2024.json', bytes: file('laiwu-2024.json') + ' ' }, attachment]);
      expect(r.status).toBe(200);
      expect(r.html).toContain(`href="/r/${r.id}/docx"`);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });

  it('says an expired or unknown result plainly', async () => {
    const res = await fetch(`${s.url}/r/not-a-result`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('结果不存在或已过期');
  });
});

(LIBREOFFICE ? describe : describe.skip)('the PDF, with LibreOffice', () => {
  it('converts the report', async () => {
    const p = await serve({ soffice: LIBREOFFICE! });
    try {
      const { id } = await build(p, [{ field: 'dataset', name: 'laiwu-2024.json', bytes: file('laiwu-2024.json') }, attachment]);
      const res = await fetch(`${p.url}/r/${id}/pdf`);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await p.app.close();
    }
  });
});

describe('the same program as the command line', () => {
  it('gives the same DOCX bytes as a build of the same files', async () => {
    const { id, html } = await build(s, [{ field: 'dataset', name: 'laiwu-2024.json', bytes: file('laiwu-2024.json') }, attachment]);
    // The attached performance report is in the preview too: its run-in headings, its figures traced into its own file.
    expect(html).toMatch(/<p class="b-para runin h2"><span class="hd">（一）/);
    expect(pageText(html)).toMatch(/laiwu-2024-performance\.json 第 \d+ 行第 \d+ 列/);
    expect(pageText(html)).not.toContain('未用到的附件文件');
    const web = new Uint8Array(await (await fetch(`${s.url}/r/${id}/docx`)).arrayBuffer());
    const loaded = parseJson(file('laiwu-2024.json').toString('utf8'), 'laiwu-2024.json');
    const built = buildReportDoc(loaded, defaultTemplates(), { linked: loadLinkedJsonReports(loaded, join(DATA, 'laiwu-2024.json')) });
    expect(Buffer.from(web).equals(Buffer.from(await packReport(built.doc!)))).toBe(true);
  });
});

describe("last year's data", () => {
  it('computes 同比 from it, and gives it back as a filled workbook', async () => {
    const raw = laiwuRaw();
    delete raw.generalBudget.district.income.current.growth;
    const { id, html } = await build(s, [
      { field: 'dataset', name: 'laiwu-2024.json', bytes: JSON.stringify(raw, null, 2) },
      { field: 'previous', name: 'laiwu-2023.json', bytes: file('../test/fixtures/laiwu-2023-synthetic.json') },
      attachment,
    ]);
    expect(pageText(html)).toContain('上年数据：laiwu-2023.json');
    // The growth now computed from last year's file: its tooltip names that file's value.
    expect(pageText(html)).toMatch(/计算：[^来]*上年数据 第 \d+ 行第 \d+ 列 一般公共预算·全区·收入·当年数·金额 = \d+/);
    expect(html).toContain('上年数据的工作簿（已填写）');
    const res = await fetch(`${s.url}/r/${id}/previous.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('laiwu-2023.xlsx');
    const back = await readWorkbook(new Uint8Array(await res.arrayBuffer()), 'laiwu-2023.xlsx');
    expect((back.value as { meta: { year: number } }).meta.year).toBe(2023);
  });
});

describe('errors in the data', () => {
  it('a text in a number cell: the error names the sheet and the cell, and no report is made', async () => {
    const { bytes, cell } = await spoilCell((await laiwuWorkbook()).bytes, '政府债务', 'debt.limit.general', 'value', '50.76亿');
    const { html } = await build(s, [{ field: 'dataset', name: '莱芜区.xlsx', bytes }]);
    const text = pageText(html);
    expect(text).toContain(`工作表“政府债务” 单元格 ${cell}`);
    expect(text).toContain('应为数字，实为文字“50.76亿”');
    expect(text).toContain('无法成稿');
    expect(html).not.toContain('/docx"');
  });

  it('a failed rule: a draft with comments, the figures behind it highlighted and linked from the issue', async () => {
    const raw = laiwuRaw();
    raw.generalBudget.district.income.total += 1;
    const { id, html } = await build(s, [{ field: 'dataset', name: 'laiwu-2024.json', bytes: JSON.stringify(raw, null, 2) }, attachment]);
    expect(pageText(html)).toContain('已生成带批注的草稿');
    expect(html).toContain('下载草稿 DOCX（带批注）');
    expect(html).toMatch(/class="fig fig-error[^"]*" id="f\d+"/);
    const issue = html.split('<li class="issue ')[1]!;
    expect(pageText(issue)).toContain('各本预算（一般公共预算、政府性基金、国有资本经营预算）全区、区级的总收入、总支出等于其各构成项目之和');
    expect(issue).toContain('title="budget-total"');
    expect(pageText(issue)).toMatch(/第 \d+ 行第 \d+ 列/);
    const anchor = /data-focus="(f\d+)"/.exec(issue)![1]!;
    expect(html).toMatch(new RegExp(`class="fig fig-error[^"]*" id="${anchor}"`));
    const res = await fetch(`${s.url}/r/${id}/docx`);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('（草稿）.docx'));
    expect(Object.keys(unzipSync(new Uint8Array(await res.arrayBuffer())))).toContain('word/comments.xml');
  });

  it('an attached report not uploaded: attachment-missing, placed at its entry, saying to upload it', async () => {
    const { html } = await build(s, [{ field: 'dataset', name: 'laiwu-2024.json', bytes: file('laiwu-2024.json') }]);
    const text = pageText(html);
    expect(text).toContain('laiwu-2024-performance.json');
    expect(text).toContain('请在上传页面的“附件报告文件”中选择');
    expect(text).toMatch(/第 \d+ 行第 \d+ 列 基本信息·附件/);
  });

  it('JSON with __proto__ keys: refused as unknown fields, nothing polluted', async () => {
    const text = file('laiwu-2024.json').toString('utf8').replace('{', '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}},');
    const { html } = await build(s, [{ field: 'dataset', name: 'proto.json', bytes: text }, attachment]);
    expect(pageText(html)).toContain('文件顶层中有未知字段“__proto__”');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    await stillServing();
  });
});

describe('bad uploads get a clear page, and the server keeps serving', () => {
  const cases: [string, string, Uint8Array | string, RegExp][] = [
    ['a text file named .xlsx', 'data.xlsx', '项目,金额\n税收,100\n', /看起来是 CSV 或文本表格/],
    ['a Word document named .xlsx', 'data.xlsx', zipSync({ 'word/document.xml': strToU8('<w:document/>') }), /这是 Word 文档/],
    ['a seed text named .xlsx', 'data.xlsx', file('../test/fixtures/laiwu-2024-seed-sentences.txt'), /文件内容不是 Excel 工作簿/],
    ['an old .xls', 'data.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]), /旧版 Office 文件/],
    ['an empty file', 'data.xlsx', '', /文件是空的/],
    ['a workbook named .json', 'data.json', zipBomb(1), /扩展名是 \.json，内容却是 Excel 工作簿/],
    ['a JSON file that is not UTF-8', 'data.json', Buffer.from([0x7b, 0x22, 0xc4, 0xea, 0x22, 0x3a, 0x31, 0x7d]), /不是 UTF-8 编码/],
    ['a PDF named .json', 'data.json', '%PDF-1.7\n', /JSON 数据文件应以“\{”开头/],
  ];
  it.each(cases)('%s', async (_what, name, bytes, expected) => {
    const { html } = await build(s, [{ field: 'dataset', name, bytes }]);
    expect(pageText(html)).toMatch(expected);
    expect(pageText(html)).toContain('无法成稿');
    await stillServing();
  });

  it('a zip bomb (150 MB of spaces in a workbook-shaped zip) is refused before it is unpacked, others served meanwhile', async () => {
    const started = await fetch(`${s.url}/build`, { method: 'POST', body: form([{ field: 'dataset', name: 'bomb.xlsx', bytes: zipBomb(150) }]), headers: { accept: 'application/json' } });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    // The build runs in a thread of its own: the page is served while it runs.
    await stillServing();
    const { html } = await build(s, [{ field: 'dataset', name: 'bomb.xlsx', bytes: zipBomb(150) }]);
    expect(pageText(html)).toMatch(/工作簿解压后.*超过上限 100 MB/);
    while (((await (await fetch(`${s.url}/jobs/${id}`)).json()) as { state: string }).state !== 'done') await new Promise((r) => setTimeout(r, 100));
    expect(pageText(await (await fetch(`${s.url}/r/${id}`)).text())).toContain('工作簿解压后');
  });

  it('a 200 MB file: the request is read to its end and answered 413 with a Chinese page', async () => {
    const boundary = '----fiscalReportTest';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="dataset"; filename="big.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = Buffer.alloc(1048576, 0x41);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${s.url}/build`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      let sent = 0;
      const write = () => {
        while (sent < 200) {
          sent++;
          if (!req.write(chunk)) return req.once('drain', write);
        }
        req.end(tail);
      };
      req.write(head);
      write();
    });
    expect(status).toBe(413);
    expect(pageText(body)).toContain('超过了每个文件 20 MB 的上限');
    await stillServing();
  });

  it('a request announcing 2 GB is refused at once, before any of it is read', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${s.url}/build`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(2 * 1024 ** 3) } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        });
      });
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
      req.flushHeaders();
    });
    expect(status).toBe(413);
    expect(pageText(body)).toContain('文件太大');
    await stillServing();
  });

  it('no data file chosen, a form that is not multipart, an unknown field: 400 with a Chinese page', async () => {
    const none = await fetch(`${s.url}/build`, { method: 'POST', body: form([]) });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('请选择数据文件');
    const plain = await fetch(`${s.url}/build`, { method: 'POST', body: 'dataset=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(plain.status).toBe(400);
    expect(await plain.text()).toContain('请通过上传页面提交文件');
    const odd = await fetch(`${s.url}/build`, { method: 'POST', body: form([{ field: 'other', name: 'x.json', bytes: '{}' }]) });
    expect(odd.status).toBe(400);
    expect(await odd.text()).toContain('不认识的文件字段');
    await stillServing();
  });

  it('a browser file name is a label only: no directories, no markup', async () => {
    expect(uploadLabel('../../etc/passwd.json')).toBe('passwd.json');
    expect(uploadLabel('C:\\Users\\李\\数据.xlsx')).toBe('数据.xlsx');
    expect(uploadLabel('<img src=x onerror=alert(1)>.json')).toBe('img src=x onerror=alert(1).json');
    expect(uploadLabel('..')).toBe('上传的文件');
    const { html } = await build(s, [{ field: 'dataset', name: '<b>x</b>.json', bytes: '{"kind": "final-accounts"' }]);
    expect(html).not.toContain('<b>x</b>');
    expect(pageText(html)).toContain('JSON 语法错误');
  });

  it('a worker that runs out of memory fails only its own build', async () => {
    const tight = await serve({ limits: { memoryMb: 12 } });
    try {
      const { html, status } = await build(tight, [{ field: 'dataset', name: 'laiwu-2024.xlsx', bytes: (await laiwuWorkbook()).bytes }]);
      expect(status).toBe(422);
      expect(pageText(html)).toContain('内存超过了上限');
      const res = await fetch(`${tight.url}/`);
      expect(res.status).toBe(200);
    } finally {
      await tight.app.close();
    }
  });
});

describe('access with a token', () => {
  const token = 'correct-horse-battery';
  let t: Served;
  beforeAll(async () => {
    t = await serve({ token });
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('sends a visitor without the token to the login page, and refuses uploads', async () => {
    const res = await fetch(`${t.url}/r/x`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fr%2Fx');
    const login = await fetch(`${t.url}/login`);
    expect(await login.text()).toContain('请输入访问令牌');
    const up = await fetch(`${t.url}/build`, { method: 'POST', body: form([{ field: 'dataset', name: 'x.json', bytes: '{}' }]) });
    expect(up.status).toBe(401);
    expect(await up.text()).toContain('请先在登录页输入访问令牌');
    expect((await fetch(`${t.url}/static/app.css`)).status).toBe(200);
  });

  it('a wrong token is refused; the right one sets an HttpOnly cookie that lets the writer in', async () => {
    const wrong = await fetch(`${t.url}/login`, { method: 'POST', body: new URLSearchParams({ token: 'nope', next: '/' }), redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('令牌不正确');
    const right = await fetch(`${t.url}/login`, { method: 'POST', body: new URLSearchParams({ token, next: '/r/abc' }), redirect: 'manual' });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/r/abc');
    const cookie = right.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toContain(token);
    const home = await fetch(`${t.url}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('退出登录');
  });

  it('never sends the writer to another site after logging in', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await fetch(`${t.url}/login`, { method: 'POST', body: new URLSearchParams({ token, next }), redirect: 'manual' });
      expect(res.headers.get('location')).toBe('/');
    }
  });

  it('refuses Origin: null with a token too, even from a writer who is logged in', async () => {
    const res = await fetch(`${t.url}/build`, { method: 'POST', body: form([{ field: 'dataset', name: 'x.json', bytes: '{}' }]), headers: { origin: 'null', authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
  });

  it('accepts the token as a Bearer header, and builds for an intranet host name', async () => {
    const res = await rawGet(`${t.url}/`, { host: 'fiscal.bureau.lan', authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect((await rawGet(`${t.url}/`, { host: 'fiscal.bureau.lan', authorization: 'Bearer wrong-token-here' })).status).toBe(303);
  });
});

describe('addresses', () => {
  it('knows the loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'fiscal.lan', '']) expect(isLoopback(h)).toBe(false);
  });
});

describe('builds on warm worker threads', () => {
  const laiwu = () => [{ field: 'dataset', name: 'laiwu-2024.json', bytes: file('laiwu-2024.json') }, attachment];

  it('reuse them: twelve uploads one after another start one thread (--jobs 1), each built and its page served', async () => {
    // How much faster a warm thread is, is measured by npm run bench (web flows), not asserted here.
    const one = await serve({ limits: { concurrency: 1 } });
    try {
      for (let i = 0; i < 12; i++) {
        const r = await build(one, laiwu());
        expect(r.status).toBe(200);
        expect(pageText(r.html)).toContain('下载');
      }
      expect(appInternals.get(one.app)!.runner.started).toBe(1);
    } finally {
      await one.app.close();
    }
  });

  it('--jobs 2: 50 uploads sent at once are all taken (none told the server is busy) and all built, on two threads', async () => {
    const two = await serve({ limits: { concurrency: 2 } });
    try {
      const posted = await Promise.all(
        Array.from({ length: 50 }, () => fetch(`${two.url}/build`, { method: 'POST', body: form(laiwu()), headers: { accept: 'application/json' } })),
      );
      expect(posted.map((r) => r.status)).toEqual(Array(50).fill(202));
      const ids = await Promise.all(posted.map(async (r) => ((await r.json()) as { id: string }).id));
      for (const id of ids) {
        let state: string | undefined;
        for (let i = 0; i < 1500; i++) {
          state = ((await (await fetch(`${two.url}/jobs/${id}`)).json()) as { state?: string }).state;
          if (state !== 'queued' && state !== 'running') break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(state).toBe('done');
        expect((await fetch(`${two.url}/r/${id}/docx`)).status).toBe(200);
      }
      const { runner, limits } = appInternals.get(two.app)!;
      expect(limits.maxQueued).toBeGreaterThanOrEqual(50);
      expect(runner.started).toBeLessThanOrEqual(2);
    } finally {
      await two.app.close();
    }
  });

  it('the result page is made in the build\'s thread and kept gzipped, the audit file made on the first request and kept: sent as they are to a client that accepts gzip, unpacked for one that does not', async () => {
    const { id, status } = await build(s, laiwu());
    expect(status).toBe(200);
    // The server keeps bytes, not the document model; no audit until one is asked for.
    const job = appInternals.get(s.app)!.jobs.get(id)!;
    const kept = job.result!;
    expect(kept).not.toHaveProperty('doc');
    expect(job.audit).toBeUndefined();
    expect(kept.pageGz.byteLength).toBeLessThan(60_000);
    for (const path of [`/r/${id}`, `/r/${id}/audit.json`]) {
      const packed = await rawBytes(`${s.url}${path}`, { 'accept-encoding': 'gzip, deflate' });
      const plain = await rawBytes(`${s.url}${path}`, {});
      const refused = await rawBytes(`${s.url}${path}`, { 'accept-encoding': 'gzip;q=0, identity' });
      expect([packed.status, plain.status, refused.status]).toEqual([200, 200, 200]);
      expect(packed.headers['content-encoding']).toBe('gzip');
      expect(packed.headers.vary).toContain('Accept-Encoding');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(refused.headers['content-encoding']).toBeUndefined();
      expect(gunzipSync(packed.body).equals(plain.body)).toBe(true);
      expect(refused.body.equals(plain.body)).toBe(true);
    }
    const page = (await rawBytes(`${s.url}/r/${id}`, {})).body.toString('utf8');
    expect(pageText(page)).toContain('报告预览');
    expect(page).toContain(`/r/${id}/docx`);
    const audit = JSON.parse((await rawBytes(`${s.url}/r/${id}/audit.json`, {})).body.toString('utf8'));
    // The audit of the document downloaded: made again from the same uploads, by the same pure build.
    const docx = await fetch(`${s.url}/r/${id}/docx`);
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(docx.headers.get('content-disposition')!)![1]!)).toBe(audit.document);
    expect(audit.numbers.length).toBeGreaterThan(100);
    const text = docxTexts(new Uint8Array(await docx.arrayBuffer())).join('\n');
    for (const n of audit.numbers as { text: string }[]) expect(text).toContain(n.text);
    // Made once: the job keeps it, and a second download is the same making.
    const first = job.audit?.json;
    expect(first).toBeDefined();
    expect(job.audit?.xlsx).toBeUndefined();
    expect((await rawBytes(`${s.url}/r/${id}/audit.json`, {})).status).toBe(200);
    expect(job.audit?.json).toBe(first);
    // The workbook: one row for each number of the JSON, made on its own first request.
    const xlsx = await fetch(`${s.url}/r/${id}/audit.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(xlsx.headers.get('content-disposition')!)![1]!)).toBe(audit.document.replace(/\.docx$/, '（数字来源表）.xlsx'));
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    expect(unzipSync(new Uint8Array(bytes))['xl/worksheets/sheet1.xml']).toBeDefined();
    expect(job.audit?.xlsx).toBeDefined();
  });

  it('a build without a document keeps only the files export offers, and has no audit to download', async () => {
    const broken = laiwuRaw();
    broken.meta.title = 12;
    const { id } = await build(s, [
      { field: 'dataset', name: 'broken.json', bytes: JSON.stringify(broken) },
      { field: 'attachments', name: 'laiwu-2024-performance.json', bytes: file('laiwu-2024-performance.json') },
    ]);
    const job = appInternals.get(s.app)!.jobs.get(id)!;
    expect(job.result!.hasDoc).toBe(false);
    expect(job.request.dataset.name).toBe('broken.json');
    expect(job.request.attachments).toEqual([]);
    for (const f of ['audit.json', 'audit.xlsx']) expect((await fetch(`${s.url}/r/${id}/${f}`)).status).toBe(404);
    expect(job.audit).toBeUndefined();
  });

  it('Accept-Encoding is read as HTTP says: gzip by name or by *, not with q=0', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('deflate, br')).toBe(false);
  });

  it('results expire without any request coming, and idle threads end: nothing of the builds is held after', async () => {
    const short = await serve({ limits: { concurrency: 1, resultTtlMs: 2000, idleMs: 1000 } });
    try {
      const { id, status } = await build(short, laiwu());
      expect(status).toBe(200);
      const { runner, jobs } = appInternals.get(short.app)!;
      expect(jobs.size).toBe(1);
      expect(runner.load().threads).toBe(1);
      for (let i = 0; i < 200 && (jobs.size || runner.load().threads); i++) await new Promise((r) => setTimeout(r, 100));
      expect(jobs.size).toBe(0);
      expect(runner.load()).toEqual({ running: 0, queued: 0, threads: 0 });
      const gone = await fetch(`${short.url}/r/${id}`);
      expect(gone.status).toBe(404);
      expect(await gone.text()).toContain('已过期');
      // A later upload starts a thread again.
      expect((await build(short, laiwu())).status).toBe(200);
    } finally {
      await short.app.close();
    }
  });

  it('a build past its time limit ends its thread and fails alone, with a Chinese page', async () => {
    const hasty = await serve({ limits: { concurrency: 1, timeoutMs: 1 } });
    try {
      const r = await build(hasty, laiwu());
      expect(r.status).toBe(422);
      expect(pageText(r.html)).toContain('处理时间超过了上限');
      expect(appInternals.get(hasty.app)!.runner.load().threads).toBe(0);
      expect((await fetch(`${hasty.url}/`)).status).toBe(200);
    } finally {
      await hasty.app.close();
    }
  });
});
