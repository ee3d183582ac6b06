// Regenerates data/<name>.xlsx from data/<name>.json for every example dataset of a kind that has a
// workbook (npm run examples:xlsx). The bytes are deterministic, so an unchanged dataset gives an
// unchanged file; test/xlsx-example.test.ts fails when a shipped workbook is out of date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkbook } from '../src/workbook/build';
import { findWorkbook } from '../src/workbook/kinds';

async function main(): Promise<void> {
  const dir = join(__dirname, '..', 'data');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { kind?: string };
    const spec = typeof data.kind === 'string' ? findWorkbook(data.kind) : undefined;
    if (!spec) continue;
    const out = join(dir, name.replace(/\.json$/, '.xlsx'));
    writeFileSync(out, await buildWorkbook(spec, { data }));
    console.log(`已生成 ${out}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
