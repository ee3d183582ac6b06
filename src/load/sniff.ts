import type * as Fflate from 'fflate';
import { isUtf8 } from 'node:buffer';
import { FiscalError } from '../model/issue';

/**
 * Looks at a file's first bytes before any workbook library sees it, so what cannot be read is
 * refused with a message that says what the file is and what to do, not a zip error.
 */

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/**
 * Whether an OLE compound file has a directory entry of this name: entries are 128 bytes, aligned
 * to 128 bytes in the file, starting with the UTF-16LE name and its byte length at offset 64.
 */
function hasStream(b: Uint8Array, name: string): boolean {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const needle = Buffer.from(`${name}\0`, 'utf16le');
  for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + 1)) {
    if (at % 128 === 0 && at + 66 <= buf.length && buf.readUInt16LE(at + 64) === needle.length) return true;
  }
  return false;
}

/** fflate, loaded when a zip is read: making its tables takes ~10 ms of a cold start. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fflate = (): typeof Fflate => require('fflate') as typeof Fflate;

function refuse(file: string, code: string, message: string): never {
  throw new FiscalError(`无法读取 ${file}：${message}`, [{ code, severity: 'error', message, place: { file } }]);
}

/** Throws a FiscalError unless the bytes are an OOXML spreadsheet package (xlsx / xlsm). */
export function assertWorkbookBytes(bytes: Uint8Array, file: string): void {
  if (bytes.length === 0) refuse(file, 'xlsx-empty', '文件是空的（0 字节）：请重新保存或重新导出工作簿。');
  if (startsWith(bytes, OLE)) {
    if (hasStream(bytes, 'EncryptionInfo') || hasStream(bytes, 'EncryptedPackage'))
      refuse(
        file,
        'xlsx-encrypted',
        '工作簿设置了打开密码（已加密），无法读取：请在 Excel 或 WPS 中打开，取消密码（Excel：文件→信息→保护工作簿→用密码进行加密，清空密码；WPS：文件→文档加密→密码加密，清空密码）后保存，再试。工作表保护不影响读取，无需取消。',
      );
    if (hasStream(bytes, 'Workbook') || hasStream(bytes, 'Book'))
      refuse(file, 'xlsx-legacy-xls', '这是旧版 Excel 97-2003 工作簿（.xls），不是 .xlsx：请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（*.xlsx）后再试。');
    refuse(file, 'xlsx-legacy-ole', '这是旧版 Office 文件（OLE 复合文档，如 .xls、.et、.doc），不是 .xlsx：请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（*.xlsx）后再试。');
  }
  if (!startsWith(bytes, ZIP)) {
    const head = Buffer.from(bytes.subarray(0, 512)).toString('utf8').replace(/^\ufeff/, '').trimStart();
    const hint = head.startsWith('{')
      ? '看起来是 JSON 数据文件：请把扩展名改为 .json。'
      : head.startsWith('<')
        ? '看起来是网页或 XML 文件（有的系统导出的“xls”其实是网页）：请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（*.xlsx）。'
        : /^[^\n]*[,\t][^\n]*\n/.test(head)
          ? '看起来是 CSV 或文本表格：请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（*.xlsx）。'
          : '请确认选对了文件；如是其他格式的表格，请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（*.xlsx）。';
    refuse(file, 'xlsx-not-workbook', `文件内容不是 Excel 工作簿（.xlsx）。${hint}`);
  }
  const names: string[] = [];
  let mimetype = '';
  try {
    const files = fflate().unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return f.name === 'mimetype';
      },
    });
    mimetype = files.mimetype ? Buffer.from(files.mimetype).toString('utf8') : '';
  } catch {
    refuse(file, 'xlsx-corrupt', '文件已损坏（压缩包结构不完整，可能是下载或复制未完成）：请重新保存或重新导出工作簿。');
  }
  if (names.some((n) => n === 'xl/workbook.xml' || n === 'xl/workbook.bin' || /^xl\/workbook\d*\.xml$/.test(n))) {
    if (names.includes('xl/workbook.bin')) refuse(file, 'xlsx-binary', '这是 Excel 二进制工作簿（.xlsb）：请在 Excel 中“另存为”Excel 工作簿（*.xlsx）后再试。');
    return;
  }
  if (mimetype.includes('opendocument.spreadsheet'))
    refuse(file, 'xlsx-ods', '这是 OpenDocument 表格（.ods）：请在 LibreOffice、WPS 或 Excel 中“另存为”Excel 工作簿（*.xlsx）后再试。');
  if (names.includes('word/document.xml')) refuse(file, 'xlsx-not-workbook', '这是 Word 文档（.docx），不是 Excel 工作簿：请选择数据工作簿（.xlsx）。');
  if (names.includes('ppt/presentation.xml')) refuse(file, 'xlsx-not-workbook', '这是 PowerPoint 演示文稿，不是 Excel 工作簿：请选择数据工作簿（.xlsx）。');
  refuse(file, 'xlsx-not-workbook', '这是一个压缩包，但不是 Excel 工作簿（.xlsx）：请选择数据工作簿。');
}

/**
 * Offset of the first byte that is not part of well-formed UTF-8 (overlong forms, surrogates and
 * code points past U+10FFFF included), or -1.
 */
function invalidUtf8At(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

/**
 * The text of a JSON file's bytes, refused unless they are UTF-8: a file saved as GBK (what
 * Notepad and many Chinese systems write) would otherwise read its Chinese as "����" into the
 * report, or fail later with a message about something else (duplicate fields). The one check for
 * the CLI, the batch and the web page; the message places the first byte that is not UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = isUtf8(buf) ? -1 : invalidUtf8At(buf);
  if (at < 0) return buf.toString('utf8');
  const lineStart = at === 0 ? 0 : buf.lastIndexOf(0x0a, at - 1) + 1;
  const line = buf.subarray(0, at).reduce((n, x) => (x === 0x0a ? n + 1 : n), 1);
  const column = buf.subarray(lineStart, at).toString('utf8').length + 1;
  const bad = [...buf.subarray(at, at + 2)].map((x) => `0x${x.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  const message = '文件不是 UTF-8 编码（可能是 GBK）：中文会读错。请用记事本或 VS Code 打开，“另存为”时编码选择 UTF-8，保存后再试。';
  throw new FiscalError(`无法读取 ${file}：${message}`, [{ code: 'file-encoding', severity: 'error', message, place: { file, line, column }, actual: `第 ${line} 行的字节 ${bad}` }]);
}

/** What a file's first bytes say it is, whatever its name: for checking an upload against its extension. */
export type ContentKind = 'zip' | 'ole' | 'json' | 'empty' | 'other';

export function sniffContent(bytes: Uint8Array): ContentKind {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, ZIP)) return 'zip';
  if (startsWith(bytes, OLE)) return 'ole';
  const head = Buffer.from(bytes.subarray(0, 64)).toString('utf8').replace(/^\ufeff/, '').trimStart();
  return head.startsWith('{') ? 'json' : 'other';
}

export interface ZipLimits {
  /** Most bytes all entries may inflate to together. */
  maxInflated: number;
  /** Most entries. */
  maxEntries: number;
}

/**
 * The limits every workbook is read within, by the CLI, the batch and the web page alike (the web
 * page's can be set with its options): a data workbook inflates to well under 1 MB, and a "zip
 * bomb" of 300 MB used to be unpacked whole in memory by the CLI.
 */
export const WORKBOOK_ZIP_LIMITS: ZipLimits = { maxInflated: 100 * 1048576, maxEntries: 2000 };

/**
 * Refuses a zip that would inflate past the limits (a "zip bomb") before a workbook library
 * unpacks it whole in memory. Both what the central directory declares (entries may overlap, so
 * their sum counts) and what the entries really inflate to (declared sizes may lie) are checked,
 * the latter by streaming each entry and stopping at the limit.
 */
export function assertZipWithinLimits(bytes: Uint8Array, file: string, limits: ZipLimits): void {
  const mb = (n: number) => `${Math.round(n / 1048576)} MB`;
  const tooBig = (size: string) =>
    refuse(file, 'xlsx-too-large', `工作簿解压后${size}，超过上限 ${mb(limits.maxInflated)}（数据工作簿通常不到 1 MB）：文件可能已损坏或不是数据工作簿。请选择由 fiscal-report 生成、在 Excel 或 WPS 中填写保存的工作簿。`);
  let declared = 0;
  let entries = 0;
  const { Unzip, UnzipInflate, unzipSync } = fflate();
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries++;
        declared += f.originalSize;
        return false;
      },
    });
  } catch {
    refuse(file, 'xlsx-corrupt', '文件已损坏（压缩包结构不完整，可能是下载或复制未完成）：请重新保存或重新导出工作簿。');
  }
  if (entries > limits.maxEntries) refuse(file, 'xlsx-too-large', `压缩包中有 ${entries} 个文件，超过上限 ${limits.maxEntries}：这不是一个数据工作簿。请选择由 fiscal-report 生成的工作簿。`);
  if (declared > limits.maxInflated) tooBig(`声明的大小为 ${mb(declared)}`);
  let inflated = 0;
  let over = false;
  try {
    const unzip = new Unzip((entry) => {
      entry.ondata = (err, chunk) => {
        if (err || over) return;
        inflated += chunk.length;
        if (inflated > limits.maxInflated) {
          over = true;
          entry.terminate();
        }
      };
      if (!over) entry.start();
    });
    unzip.register(UnzipInflate);
    // Fed in slices so that the limit stops the work early.
    for (let at = 0; at < bytes.length && !over; at += 65536) unzip.push(bytes.subarray(at, at + 65536), at + 65536 >= bytes.length);
  } catch {
    // A layout the streaming reader does not follow (the central directory check above still holds).
  }
  if (over) tooBig(`超过 ${mb(limits.maxInflated)}`);
}
