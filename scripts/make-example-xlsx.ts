// Regenerates data/<name>.xlsx from data/<name>.json for every example dataset of a kind that has a
// workbook (npm run examples:xlsx): laiwu-2024, lanxi-2024, songyan-2024, luwan-2024 and the
// narrative examples. Written through export, so a dataset the workbook cannot hold (or that does
// not read back the same) stops the script by name. The bytes are deterministic, so an unchanged
// dataset gives an unchanged file; test/xlsx-example.test.ts fails when a shipped workbook is out of date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDatasetFile } from '../src/load/dataset';
import { formatIssue } from '../src/model/issue';
import { exportDataset } from '../src/workbook/export';
import { findWorkbook } from '../src/workbook/kinds';

async function main(): Promise<void> {
  const dir = join(__dirname, '..', 'data');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { kind?: string };
    if (typeof data.kind !== 'string' || !findWorkbook(data.kind)) continue;
    const file = join(dir, name);
    const result = await exportDataset(await loadDatasetFile(file), file);
    if (!result.ok) throw new Error(`${file}：无法导出\n${result.issues.map(formatIssue).join('\n')}`);
    const out = file.replace(/\.json$/, '.xlsx');
    writeFileSync(out, result.bytes);
    console.log(`已生成 ${out}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
