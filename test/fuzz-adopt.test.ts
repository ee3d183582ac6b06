import { describeAdoptCase, runAdoptFuzz, type AdoptFuzzRun } from './fuzz/adopt';
import { LIBREOFFICE } from './libreoffice';

// A bounded run of the adopt fuzzer (test/fuzz/adopt.ts says what every case must hold): reports
// written in house styles drawn at random, adopted back. With LibreOffice, the reports are saved
// again by it first, as a writer's copy would be. Seeded: a failure is made again by
// FUZZ_ADOPT=1 FUZZ_SEED=… FUZZ_ONLY=… npm run fuzz.

const CASES = Number(process.env.FUZZ_TEST_CASES ?? 16);
const SEED = 2027;

describe(`adopt fuzzer: reports in random house styles${LIBREOFFICE ? ', saved again by LibreOffice,' : ''} adopted and built again`, () => {
  let run: AdoptFuzzRun;
  beforeAll(async () => {
    run = await runAdoptFuzz({ seed: SEED, cases: CASES, resave: !!LIBREOFFICE });
  }, 300_000);

  it(`${CASES} cases: adopt places every number, and the style it writes gives the report's text again`, () => {
    expect(run.failed.map((c) => describeAdoptCase(run, c))).toEqual([]);
    expect(run.cases).toHaveLength(CASES);
  });

  it('covers examples and generated districts, most of them written', () => {
    expect(run.cases.some((c) => c.source.startsWith('generated-'))).toBe(true);
    expect(run.cases.some((c) => !c.source.startsWith('generated-'))).toBe(true);
    expect(run.cases.filter((c) => !c.skipped).length).toBeGreaterThan(CASES / 2);
    console.log(`fuzz adopt: ${CASES} cases in ${(run.ms / 1000).toFixed(1)} s${run.resaved ? ' (saved again by LibreOffice)' : ''}; skipped ${run.cases.filter((c) => c.skipped).length}`);
  });
});
