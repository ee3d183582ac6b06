import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { createApp, type WebOptions } from '../src/web/app';
import { readWorkbook } from '../src/load/xlsx';
import { buildWorkbook } from '../src/workbook/build';
import { loadExcel } from '../src/workbook/excel';
import { FINAL_ACCOUNTS_WORKBOOK } from '../src/workbook/final-accounts';
import { DATA } from './helpers';

export interface Served {
  app: FastifyInstance;
  url: string;
}

/** The web app on a free loopback port. */
export async function serve(options: WebOptions = {}): Promise<Served> {
  const app = await createApp({ soffice: null, ...options });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

export type Part = { field: string; name: string; bytes: Uint8Array | string };

export function form(parts: Part[]): FormData {
  const f = new FormData();
  for (const p of parts) f.append(p.field, new Blob([typeof p.bytes === 'string' ? Buffer.from(p.bytes, 'utf8') : p.bytes]), p.name);
  return f;
}

/** POST /build as the page's script does; waits for the result and returns its id and page. */
export async function build(s: Served, parts: Part[], headers: Record<string, string> = {}): Promise<{ id: string; html: string; status: number }> {
  const res = await fetch(`${s.url}/build`, { method: 'POST', body: form(parts), headers: { accept: 'application/json', ...headers } });
  if (res.status !== 202) return { id: '', html: await res.text(), status: res.status };
  const { id, status } = (await res.json()) as { id: string; status: string };
  for (;;) {
    const st = (await (await fetch(`${s.url}${status}`, { headers: { accept: 'application/json', ...headers } })).json()) as { state?: string };
    // (No state: the result is gone — expired, or never was; the page says which.)
    if (st.state === 'done' || st.state === 'failed' || !st.state) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const page = await fetch(`${s.url}/r/${id}`, { headers });
  return { id, html: await page.text(), status: page.status };
}

export const file = (name: string) => readFileSync(join(DATA, name));

/** The text of a page, without its markup (for checking what a reader sees). */
export function pageText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * The Laiwu workbook: data/laiwu-2024.xlsx when it reads cleanly, else the same dataset exported
 * from data/laiwu-2024.json (the shipped workbook is regenerated when the workbook description
 * changes). Says which.
 */
export async function laiwuWorkbook(): Promise<{ bytes: Buffer; source: string }> {
  const shipped = file('laiwu-2024.xlsx');
  try {
    const loaded = await readWorkbook(shipped, 'laiwu-2024.xlsx');
    if (!loaded.issues?.some((i) => i.severity === 'error')) return { bytes: shipped, source: 'data/laiwu-2024.xlsx' };
  } catch {
    /* fall through */
  }
  const data = JSON.parse(file('laiwu-2024.json').toString('utf8'));
  return { bytes: await buildWorkbook(FINAL_ACCOUNTS_WORKBOOK, { data }), source: 'exported from data/laiwu-2024.json' };
}

/** A copy of a workbook with one cell (by its row key and column key) set to a value. */
export async function spoilCell(bytes: Uint8Array, sheetName: string, rowKey: string, colKey: string, value: string | number): Promise<{ bytes: Buffer; cell: string }> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as never);
  const ws = wb.getWorksheet(sheetName)!;
  let col = 0;
  ws.getRow(1).eachCell((c, n) => {
    if (c.value === colKey) col = n;
  });
  let row = 0;
  ws.eachRow((r, n) => {
    if (r.getCell(1).value === rowKey) row = n;
  });
  if (!row || !col) throw new Error(`no cell ${rowKey}/${colKey} in ${sheetName}`);
  const cell = ws.getRow(row).getCell(col);
  cell.value = value;
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), cell: cell.address };
}

/** A zip that looks like a workbook and inflates to `mb` megabytes (a "zip bomb"). */
export function zipBomb(mb: number): Uint8Array {
  return zipSync(
    {
      '[Content_Types].xml': new TextEncoder().encode('<?xml version="1.0"?><Types/>'),
      'xl/workbook.xml': new TextEncoder().encode('<?xml version="1.0"?><workbook/>'),
      'xl/worksheets/sheet1.xml': [new Uint8Array(mb * 1048576).fill(0x20), { level: 9 }],
    },
    { level: 9 },
  );
}
