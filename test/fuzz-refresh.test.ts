import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRefreshCase, runRefreshFuzz, type RefreshFuzzRun } from './fuzz/refresh';

// A bounded run of the refresh fuzzer (test/fuzz/refresh.ts says what every case must hold):
// example drafts edited as a writer edits them in Word, refreshed with the same or revised data.
// Seeded, so a failure is made again by its seed and number (FUZZ_REFRESH=1 FUZZ_SEED=… FUZZ_ONLY=…
// npm run fuzz); `FUZZ_REFRESH=1 npm run fuzz` runs thousands of cases.

const CASES = Number(process.env.FUZZ_TEST_CASES ?? 60);
const SEED = 2026;

describe('refresh fuzzer: edited drafts refreshed with the same or revised data', () => {
  let run: RefreshFuzzRun;
  const work = mkdtempSync(join(tmpdir(), 'fiscal-fuzz-refresh-test-'));
  beforeAll(async () => {
    run = await runRefreshFuzz({ seed: SEED, cases: CASES, work });
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it(`${CASES} cases: a file written, whole, every edit outside the bindings kept, every binding new or kept and reported, no stray number`, () => {
    expect(run.failed.map((c) => describeRefreshCase(run, c))).toEqual([]);
    expect(run.cases).toHaveLength(CASES);
  });

  it('covers the same data and revised data, in process and through the CLI, with and without conflicts', () => {
    const k = run.counts;
    expect(k.same).toBeGreaterThan(0);
    expect(k.revised).toBeGreaterThan(CASES / 3);
    expect(k.cli).toBeGreaterThan(0);
    expect(k.conflicts).toBeGreaterThan(0);
    expect(k.conflicts).toBeLessThan(CASES);
    expect(run.cases.some((c) => c.changes > 0)).toBe(true);
    console.log(`fuzz refresh: ${CASES} cases in ${(run.ms / 1000).toFixed(1)} s; exit 0/1/other ${k.exit0}/${k.exit1}/${k.other}; same ${k.same}, revised ${k.revised}, CLI ${k.cli}, with conflicts ${k.conflicts}`);
  });
});
