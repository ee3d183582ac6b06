/**
 * npm run fuzz — the fuzzer of test/fuzz.test.ts, longer: thousands of mutated datasets and
 * workbooks through validate and build (test/fuzz/run.ts says what each case must hold).
 *
 *   npm run fuzz                       # 3,000 cases, seed 18
 *   FUZZ_CASES=10000 FUZZ_SEED=7 npm run fuzz
 *   FUZZ_SEED=97 FUZZ_ONLY=1226 npm run fuzz   # that case alone, its files kept
 *   FUZZ_SWEEP=1 npm run fuzz          # every text and number place of every JSON example (and the
 *                                      # 澜溪 style file), each given a fixed set of texts or numbers
 *   FUZZ_ADOPT=1 npm run fuzz          # reports in random house styles adopted back (test/fuzz/adopt.ts);
 *                                      # saved again by LibreOffice first where it is installed
 *
 * Prints a line per hundred cases and every failing case with its seed and number (the same seed
 * gives the same cases); exits 1 when any case failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeCase, runFuzz, runSweep, type FuzzCase } from '../test/fuzz/run';
import { describeRefreshCase, runRefreshFuzz, type RefreshCase } from '../test/fuzz/refresh';
import { describeAdoptCase, runAdoptFuzz } from '../test/fuzz/adopt';
import { LIBREOFFICE } from '../test/libreoffice';

/**
 * FUZZ_REFRESH=1: the refresh fuzzer (test/fuzz/refresh.ts) instead: drafts built from the
 * examples, edited as a writer edits them in Word, refreshed with the same or revised data.
 * FUZZ_CASES (default 2,000), FUZZ_SEED (default 18) and FUZZ_ONLY as above; FUZZ_XSD=1 also
 * validates every output against the ECMA-376 schemas (seconds a case).
 */
/** FUZZ_CASES (`cases` by default), FUZZ_SEED (18) and FUZZ_ONLY, or null after saying FUZZ_ONLY is not a case number. */
function runOptions(cases: number): { cases: number; seed: number; only: number | undefined } | null {
  const only = process.env.FUZZ_ONLY !== undefined ? Number(process.env.FUZZ_ONLY) : undefined;
  if (only !== undefined && !(Number.isInteger(only) && only >= 0)) {
    process.stderr.write(`FUZZ_ONLY 应为例的编号（0 或正整数），实为“${process.env.FUZZ_ONLY}”\n`);
    return null;
  }
  return { cases: Number(process.env.FUZZ_CASES ?? cases), seed: Number(process.env.FUZZ_SEED ?? 18), only };
}

async function refreshMain(): Promise<number> {
  const options = runOptions(2000);
  if (!options) return 2;
  const { cases, seed, only } = options;
  const work = mkdtempSync(join(tmpdir(), 'fiscal-fuzz-refresh-'));
  const t0 = Date.now();
  process.stderr.write(`fiscal-report fuzz（refresh）: ${cases} 例，种子 ${seed}，负载 ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
  let failed = 0;
  try {
    const run = await runRefreshFuzz({
      seed,
      cases: only !== undefined ? Math.max(cases, only + 1) : cases,
      work,
      ...(only !== undefined ? { only } : {}),
      xsd: process.env.FUZZ_XSD === '1',
      ...(process.env.FUZZ_VERBOSE ? { onStart: (c: { id: number; source: string }) => process.stderr.write(`  第 ${c.id} 例：${c.source}\n`) } : {}),
      onCase: (c: RefreshCase) => {
        if (c.failures.length) {
          failed++;
          process.stderr.write(`失败：${describeRefreshCase({ seed }, c)}\n`);
        }
        if ((c.id + 1) % 100 === 0) process.stderr.write(`  ${c.id + 1} 例，${((Date.now() - t0) / 1000).toFixed(0)} 秒，失败 ${failed}\n`);
      },
    });
    const k = run.counts;
    console.log(
      `fiscal-report fuzz（refresh）：${run.cases.length} 例，种子 ${seed}，用时 ${(run.ms / 1000).toFixed(0)} 秒；同一数据 ${k.same}、修订数据 ${k.revised}，经 CLI ${k.cli}；` +
        `退出码 0 / 1 / 其他：${k.exit0} / ${k.exit1} / ${k.other}，有冲突 ${k.conflicts} 例；失败 ${run.failed.length} 例。`,
    );
    if (only !== undefined) console.log(`第 ${only} 例的文件：${join(work, `r${only}`)}`);
    return run.failed.length ? 1 : 0;
  } finally {
    if (only === undefined) rmSync(work, { recursive: true, force: true });
  }
}

/** FUZZ_ADOPT=1: the adopt fuzzer; FUZZ_CASES (default 200), FUZZ_SEED and FUZZ_ONLY as above. */
async function adoptMain(): Promise<number> {
  const options = runOptions(200);
  if (!options) return 2;
  const { cases, seed, only } = options;
  const resave = !!LIBREOFFICE;
  process.stderr.write(`fiscal-report fuzz（adopt）: ${cases} 例，种子 ${seed}${resave ? '，经 LibreOffice 另存' : '（未装 LibreOffice：不另存）'}，负载 ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
  const keep = only !== undefined ? mkdtempSync(join(tmpdir(), 'fiscal-fuzz-adopt-')) : undefined;
  const run = await runAdoptFuzz({ seed, cases: only !== undefined ? Math.max(cases, only + 1) : cases, resave, ...(only !== undefined ? { only, keep } : {}) });
  for (const c of run.failed) process.stderr.write(`失败：${describeAdoptCase(run, c)}\n`);
  console.log(`fiscal-report fuzz（adopt）：${run.cases.length} 例，种子 ${seed}，用时 ${(run.ms / 1000).toFixed(0)} 秒；跳过 ${run.cases.filter((c) => c.skipped).length} 例（格式所需的数字数据中没有）；失败 ${run.failed.length} 例。`);
  if (keep) console.log(`第 ${only} 例的文件：${keep}`);
  return run.failed.length ? 1 : 0;
}

async function main(): Promise<number> {
  if (process.env.FUZZ_REFRESH === '1') return refreshMain();
  if (process.env.FUZZ_ADOPT === '1') return adoptMain();
  const options = runOptions(3000);
  if (!options) return 2;
  const { cases, seed, only } = options;
  const sweep = process.env.FUZZ_SWEEP === '1';
  const work = mkdtempSync(join(tmpdir(), 'fiscal-fuzz-'));
  const t0 = Date.now();
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  process.stderr.write(sweep ? `fiscal-report fuzz: 逐处替换（sweep），负载 ${load}\n` : `fiscal-report fuzz: ${cases} 例，种子 ${seed}，负载 ${load}\n`);
  let failed = 0;
  const hooks = {
    ...(process.env.FUZZ_VERBOSE ? { onStart: (c: { id: number; source: string; mutations: string[] }) => process.stderr.write(`  第 ${c.id} 例：${c.source}：${c.mutations.join('；')}\n`) } : {}),
    onCase: (c: FuzzCase) => {
      if (c.failures.length) {
        failed++;
        process.stderr.write(`失败：${sweep ? `逐处替换第 ${c.id} 例（${c.source}：${c.mutations.join('；')}）退出码 validate ${c.exits.validate} / build ${c.exits.build}\n  ${c.failures.join('\n  ')}` : describeCase({ seed } as never, c)}\n`);
      }
      if ((c.id + 1) % 100 === 0) process.stderr.write(`  ${c.id + 1} 例，${((Date.now() - t0) / 1000).toFixed(0)} 秒，失败 ${failed}\n`);
    },
  };
  try {
    const run = sweep
      ? await runSweep({ work, ...hooks })
      : await runFuzz({ seed, cases: only !== undefined ? Math.max(cases, only + 1) : cases, work, ...(only !== undefined ? { only } : {}), ...hooks });
    const k = run.counts;
    console.log(
      `fiscal-report fuzz：${run.cases.length} 例（JSON ${k.json}、工作簿 ${k.xlsx}），${sweep ? '逐处替换' : `种子 ${seed}`}，用时 ${(run.ms / 1000).toFixed(0)} 秒；` +
        `build 退出码 0 / 1 / 2：${k.exit0} / ${k.exit1} / ${k.exit2}，写出正式稿 ${k.finals}、草稿 ${k.drafts}；失败 ${run.failed.length} 例。`,
    );
    if (only !== undefined) console.log(`第 ${only} 例的文件：${join(work, `c${only}`)}`);
    return run.failed.length ? 1 : 0;
  } finally {
    if (only === undefined) rmSync(work, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
