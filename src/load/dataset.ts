import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { FiscalError } from '../model/issue';
import { parseJsonBytes, type Loaded } from './json';
import { assertXmlText } from './xml-text';
import type { ZipLimits } from './sniff';

/** Extensions read as workbooks; the reader itself checks the content and names what it finds. */
const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xls', '.et', '.ods']);

/** A dataset file's bytes; a file that cannot be read is a usage error (exit 2) naming why. */
export function readDatasetBytes(file: string, what = '数据文件', code = 'file-read'): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    const why = errno === 'ENOENT' ? '文件不存在' : errno === 'EISDIR' ? '这是一个目录，不是文件' : errno === 'EACCES' ? '没有读取权限' : String(errno);
    throw new FiscalError(`无法读取${what} ${file}：${why}`, [
      { code, severity: 'error', message: `无法读取${what}：${why}。请检查路径。`, place: { file } },
    ], 2);
  }
}

/**
 * Reads a dataset file into a raw value with its source map: JSON, or a workbook (.xlsx) filled in
 * from `fiscal-report init` / `export`. Async because a workbook is unzipped and parsed; the
 * workbook reader (and its library) is loaded only when a workbook is read.
 */
export async function loadDatasetFile(file: string): Promise<Loaded> {
  const bytes = readDatasetBytes(file);
  return loadDatasetBytes(bytes, file);
}

/**
 * A house-style file named on the command line (--style): a style (.json), or a final-accounts
 * dataset or workbook whose style is taken. Unreadable, it is a usage error (exit 2) naming why.
 */
export async function loadStyleFile(file: string): Promise<Loaded> {
  return loadDatasetBytes(readDatasetBytes(file, '格式文件', 'style-file'), file);
}

/**
 * The same from bytes already in memory (an upload): `file` is the name the places and messages
 * carry, and its extension says how to read the bytes. Nothing here touches the file system.
 */
export async function loadDatasetBytes(bytes: Uint8Array, file: string, options: { zip?: ZipLimits } = {}): Promise<Loaded> {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return parseJsonBytes(bytes, file);
  if (WORKBOOK_EXTENSIONS.has(ext)) {
    // Required lazily (not import()): the same in the bundle, compiled, and under tsx in worker threads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readWorkbook, WorkbookErrors } = require('./xlsx') as typeof import('./xlsx');
    try {
      return assertXmlText(await readWorkbook(bytes, file, undefined, options.zip));
    } catch (e) {
      if (!(e instanceof WorkbookErrors)) throw e;
      // Cells that cannot be read, and everything the checks find in the rest: one round.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { checkReadable } = require('../validate/readable') as typeof import('../validate/readable');
      throw new FiscalError(e.message, checkReadable(e.issues, e.partial, e.unreadable()));
    }
  }
  throw new FiscalError(`不支持的数据文件类型 ${ext || '（无扩展名）'}：${file}`, [
    {
      code: 'file-type',
      severity: 'error',
      message: `不支持的数据文件类型“${ext || '无扩展名'}”：请提供 .json 数据文件或 .xlsx 工作簿（可用 fiscal-report init 生成空白工作簿）。`,
      place: { file },
    },
  ], 2);
}
