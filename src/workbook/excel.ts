import type * as ExcelJSModule from 'exceljs';

/**
 * exceljs, loaded on first use only: it takes a few hundred milliseconds to load, and most runs
 * (building from JSON, --help) never touch a workbook.
 */
export async function loadExcel(): Promise<typeof ExcelJSModule> {
  const mod = (await import('exceljs')) as typeof ExcelJSModule & { default?: typeof ExcelJSModule };
  // CommonJS module: the namespace is the exports object itself, or holds it as default.
  return mod.default && typeof mod.default.Workbook === 'function' ? mod.default : mod;
}
