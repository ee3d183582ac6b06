import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { FiscalError } from '../model/issue';
import { parseJson, type Loaded } from './json';

/** Reads a dataset file into a raw value with its source map. JSON now; workbooks by extension. */
export function loadDatasetFile(file: string): Loaded {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录，不是文件' : code === 'EACCES' ? '没有读取权限' : String(code);
    throw new FiscalError(`无法读取数据文件 ${file}：${why}`, [
      { code: 'file-read', severity: 'error', message: `无法读取数据文件：${why}。请检查路径。`, place: { file } },
    ], 2);
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return parseJson(bytes.toString('utf8'), file);
  throw new FiscalError(`不支持的数据文件类型 ${ext || '（无扩展名）'}：${file}`, [
    { code: 'file-type', severity: 'error', message: `不支持的数据文件类型“${ext || '无扩展名'}”：请提供 .json 数据文件。`, place: { file } },
  ], 2);
}
