import * as zlib from 'node:zlib';
import { firstXmlForbidden, hasXmlForbidden } from '../model/xml-chars';
import { crc32 } from '../crc32';

/**
 * A small deterministic zip writer for the DOCX package: deflated entries (Node's zlib), every
 * entry dated by the caller, sizes and CRC in the local headers (no data descriptors), no extra
 * fields. Entries whose bytes never change (the parts every report shares) can be compressed once
 * and reused (`deflateEntry`).
 *
 * Why not fflate, which the package used before: its pure-JS deflate took more time than all the
 * rest of a build (about 10 ms for a report's document.xml against 1–2 ms in zlib). zlib's output
 * is fixed for a given zlib build, which each Node version bundles: the same Node gives the same
 * bytes (the batch's tool fingerprint includes the zlib version).
 */

/**
 * Level 3, measured on the Laiwu report's document.xml (400 KB): zlib levels 1–3 take the same time
 * (about 1.2 ms) and 3 is the smallest of them (34.5 KB); level 6 is 10 % smaller and twice as slow.
 */
export const LEVEL = 3;

export interface ZipEntry {
  name: string;
  /** The deflated bytes, their CRC-32 and uncompressed size. */
  data: Uint8Array;
  crc: number;
  size: number;
}

/**
 * A part longer than this (encoded) is compressed a segment at a time as it is written, so that
 * neither its text nor its bytes are ever held whole: a 100,000-row table's document.xml is about
 * 70 MB, which the scratch buffer below held whole (and twice while it grew). Each segment is
 * compressed on its own and ends with a sync flush (an empty stored block, at a byte boundary), the
 * last one finishes the stream: one valid deflate stream, as pigz makes its parallel pieces. A
 * document shorter than one segment (every report of ordinary length) is compressed in one piece,
 * to the same bytes as before.
 */
export const SEGMENT_BYTES = 8 << 20;

/**
 * The level of a part long enough to be compressed in segments. Measured on a 100,000-row table's
 * 76 MB document.xml: level 3 gives 1.83 MB in 0.1 s, 6 gives 1.37 MB in 0.2 s, 8 gives 1.23 MB
 * in 0.2 s and 9 1.16 MB in 0.85 s, in a build of several seconds.
 */
export const LONG_LEVEL = 8;

/**
 * Text is encoded into one reused buffer as it is written (a document.xml is several hundred KB in
 * a thousand pieces): joining the pieces and Buffer.from would copy the text twice more, and holding
 * every piece until the end keeps megabytes of strings alive for a long table.
 */
let scratch: Buffer = Buffer.allocUnsafe(1 << 16);

/**
 * `text` as UTF-8 written into a reused buffer at `at`, the buffer grown first (the bytes so far
 * copied) when the text may not fit: to twice its size, but past `cap` only as far as the text
 * needs. Returns the buffer to go on with (this one or the grown one) and the offset after the text.
 */
export function writeUtf8Into(buf: Buffer, at: number, text: string, cap = Infinity): { buf: Buffer; at: number } {
  const most = at + text.length * 3;
  if (buf.length < most) {
    const grown = Buffer.allocUnsafe(Math.max(most, Math.min(buf.length * 2, cap)));
    buf.copy(grown, 0, 0, at);
    buf = grown;
  }
  return { buf, at: at + buf.write(text, at, 'utf8') };
}

/**
 * Writes text into the shared buffer; one at a time, used synchronously (deflateWritten). Pieces
 * are gathered into a string of a few KB before each encoding: Buffer#write costs about as much per
 * call as per kilobyte, and most pieces are a few dozen characters.
 */
class Utf8Writer {
  at = 0;
  private pending = '';
  /** Compressed segments so far, and the CRC and length of the text they hold. */
  private segments: Buffer[] = [];
  private crc = 0;
  private size = 0;
  constructor(
    private readonly name: string,
    private readonly level: number,
    private readonly segmentBytes: number,
  ) {}
  write = (text: string): void => {
    this.pending += text;
    if (this.pending.length >= 8192) this.flush();
  };
  flush(): void {
    const text = this.pending;
    this.pending = '';
    // The last line: data is checked for such characters when it is read (load/xml-text.ts), so
    // one here is a fault of the tool, and a part holding it would make a file no one can open.
    if (hasXmlForbidden(text)) {
      const f = firstXmlForbidden(text);
      throw new Error(`写出的 ${this.name} 中含有 XML 不允许的字符 ${f ? `${f.code}（${f.name}）` : ''}（内部错误），文件未写出。`);
    }
    ({ buf: scratch, at: this.at } = writeUtf8Into(scratch, this.at, text, this.segmentBytes + 32768));
    if (this.at >= this.segmentBytes) this.spill(false);
  }
  /** Compresses what the scratch buffer holds as the next segment (the last: the stream ends). */
  private spill(last: boolean): void {
    const part = scratch.subarray(0, this.at);
    this.crc = crc32(part, this.crc);
    this.size += part.length;
    this.segments.push(zlib.deflateRawSync(part, { level: Math.max(this.level, LONG_LEVEL), ...(last ? {} : { finishFlush: zlib.constants.Z_SYNC_FLUSH }) }));
    this.at = 0;
  }
  finish(): ZipEntry {
    this.flush();
    if (!this.segments.length) return deflateEntry(this.name, scratch.subarray(0, this.at), this.level);
    this.spill(true);
    const data = Buffer.concat(this.segments);
    this.segments = [];
    return { name: this.name, data, crc: this.crc, size: this.size };
  }
}

/** An entry whose text `produce` writes piece by piece, compressed (in segments when it is long: SEGMENT_BYTES). */
export function deflateWritten(name: string, produce: (write: (text: string) => void) => void, level = LEVEL, segmentBytes = SEGMENT_BYTES): ZipEntry {
  const w = new Utf8Writer(name, level, segmentBytes);
  produce(w.write);
  return w.finish();
}

/** One entry, compressed. */
export function deflateEntry(name: string, content: string | Uint8Array, level = LEVEL): ZipEntry {
  if (typeof content === 'string') return deflateWritten(name, (write) => write(content), level);
  // Compressed synchronously, before the shared buffer is written again.
  return { name, data: zlib.deflateRawSync(content, { level }), crc: crc32(content), size: content.length };
}

/**
 * Zip's DOS date of a YYYY-MM-DD date at midnight. A DOS date holds 1980-01-01 to 2107-12-31: a
 * date outside is clamped to the nearest it can hold (validation refuses such dates in the data,
 * schema/common.ts IsoDate; this keeps the writer from failing on one all the same).
 */
export function dosDate(date: string): number {
  let [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (!(y >= 1980)) [y, m, d] = [1980, 1, 1];
  else if (y > 2107) [y, m, d] = [2107, 12, 31];
  if (!(m >= 1 && m <= 12)) m = 1;
  if (!(d >= 1 && d <= 31)) d = 1;
  return ((y - 1980) << 9) | (m << 5) | d;
}

/** The zip file of the entries, in the order given, each dated `date` (dosDate) at 00:00. */
export function zipEntries(entries: ZipEntry[], date: number): Buffer {
  const names = entries.map((e) => Buffer.from(e.name, 'utf8'));
  let size = 22;
  entries.forEach((e, i) => (size += 30 + 46 + 2 * names[i]!.length + e.data.length));
  const out = Buffer.alloc(size);
  const offsets: number[] = [];
  let at = 0;
  entries.forEach((e, i) => {
    const name = names[i]!;
    offsets.push(at);
    out.writeUInt32LE(0x04034b50, at);
    out.writeUInt16LE(20, at + 4); // version needed: deflate
    out.writeUInt16LE(name.some((b) => b > 0x7f) ? 0x800 : 0, at + 6); // UTF-8 names
    out.writeUInt16LE(8, at + 8); // deflate
    out.writeUInt16LE(0, at + 10); // 00:00:00
    out.writeUInt16LE(date, at + 12);
    out.writeUInt32LE(e.crc, at + 14);
    out.writeUInt32LE(e.data.length, at + 18);
    out.writeUInt32LE(e.size, at + 22);
    out.writeUInt16LE(name.length, at + 26);
    out.writeUInt16LE(0, at + 28);
    name.copy(out, at + 30);
    out.set(e.data, at + 30 + name.length);
    at += 30 + name.length + e.data.length;
  });
  const cdStart = at;
  entries.forEach((e, i) => {
    const name = names[i]!;
    out.writeUInt32LE(0x02014b50, at);
    out.writeUInt16LE(20, at + 4); // made by: MS-DOS, zip 2.0
    out.writeUInt16LE(20, at + 6);
    out.writeUInt16LE(name.some((b) => b > 0x7f) ? 0x800 : 0, at + 8);
    out.writeUInt16LE(8, at + 10);
    out.writeUInt16LE(0, at + 12);
    out.writeUInt16LE(date, at + 14);
    out.writeUInt32LE(e.crc, at + 16);
    out.writeUInt32LE(e.data.length, at + 20);
    out.writeUInt32LE(e.size, at + 24);
    out.writeUInt16LE(name.length, at + 28);
    // extra, comment, disk, internal and external attributes: zero
    out.writeUInt32LE(offsets[i]!, at + 42);
    name.copy(out, at + 46);
    at += 46 + name.length;
  });
  out.writeUInt32LE(0x06054b50, at);
  out.writeUInt16LE(entries.length, at + 8);
  out.writeUInt16LE(entries.length, at + 10);
  out.writeUInt32LE(at - cdStart, at + 12);
  out.writeUInt32LE(cdStart, at + 16);
  return out;
}
