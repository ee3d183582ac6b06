/**
 * The environment for a program this process starts (a worker process, LibreOffice), without the
 * malloc setting `serve` gave itself (bin/fiscal-report.js: MALLOC_MMAP_THRESHOLD_, marked by
 * FISCAL_REPORT_MALLOC_SET). It suits a server that runs for days; a program that allocates and
 * frees many buffers of that size runs slower with it (a build about 40 % slower). A setting the
 * administrator made is passed on as it is.
 */
export function withoutServerMalloc(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.FISCAL_REPORT_MALLOC_SET !== '1') return { ...env };
  const out = { ...env };
  delete out.MALLOC_MMAP_THRESHOLD_;
  delete out.FISCAL_REPORT_MALLOC_SET;
  return out;
}
