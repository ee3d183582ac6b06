import { setRuntimeFlag } from './runtime-flags';

/**
 * How far V8 lets the old generation grow past what the last full collection left, in percent.
 * V8 sizes a heap for speed: in one long synchronous computation (a report with a 100,000-row
 * table) it let the heap reach two to three times the live data before collecting (a peak of
 * 800–940 MB for about 300 MB live), and a batch worker building one report after another grew to
 * 160 MB for 15 MB live. At 10 % the same work peaks at 660–740 MB, and a batch of 1,000 at about
 * 250 MB instead of 520 MB, in the same time (npm run bench). Not a limit: a report that needs the
 * memory still gets it.
 */
export const HEAP_GROWING_PERCENT = 10;

/**
 * Sets the growth for this process (a V8 setting for every heap of the process, the worker threads'
 * too, read at each full collection), for good: the CLI calls it for the commands that build
 * reports (cli/index.ts), not for the web server, whose heap holds results and whose answer times
 * count more. A library function does not call it: the setting is the process owner's choice.
 */
export function favourMemory(): void {
  setRuntimeFlag(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, '--heap-growing-percent=0');
}

/**
 * Whether this thread's young generation was capped when the process started (--max-semi-space-size,
 * which bin/fiscal-report.js gives `batch`; at most 16 MB): only then does the batch build on this
 * thread too (batch/run.ts). Otherwise V8 grows it to 128 MB in a long run of builds. Read as Node
 * reads it: NODE_OPTIONS first, the command line's options after (the last one given wins), a
 * flag's - and _ alike, its value after = or as the next argument.
 */
export function youngGenerationCapped(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  const args = [...nodeOptions.split(/\s+/).filter(Boolean), ...execArgv];
  let cap: string | undefined;
  args.forEach((a, i) => {
    const m = /^--max[-_]semi[-_]space[-_]size(?:=(.*))?$/.exec(a);
    if (m) cap = m[1] ?? args[i + 1];
  });
  return cap !== undefined && /^\d+$/.test(cap) && Number(cap) <= 16;
}
