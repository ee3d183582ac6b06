/**
 * The environment for a program this process starts (a worker process, LibreOffice), without the
 * malloc settings this program gave itself when it started itself once more (bin/fiscal-report.js):
 * `serve`'s MALLOC_MMAP_THRESHOLD_ (marked by FISCAL_REPORT_MALLOC_SET) and `batch`'s
 * MALLOC_ARENA_MAX (marked by FISCAL_REPORT_MALLOC_ARENAS_SET). The threshold suits a server that
 * runs for days; a program that allocates and frees many buffers of that size runs slower with it
 * (a build about 40 % slower). A setting the administrator made is passed on as it is.
 */
export function withoutOwnMalloc(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out = { ...env };
  if (env.FISCAL_REPORT_MALLOC_SET === '1') delete out.MALLOC_MMAP_THRESHOLD_;
  if (env.FISCAL_REPORT_MALLOC_ARENAS_SET === '1') delete out.MALLOC_ARENA_MAX;
  delete out.FISCAL_REPORT_MALLOC_SET;
  delete out.FISCAL_REPORT_MALLOC_ARENAS_SET;
  return out;
}
