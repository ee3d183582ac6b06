import { crc32 } from '../crc32';

/**
 * Each entry's CRC-32 as the zip's central directory records it, by name (decoded as fflate
 * decodes names: UTF-8 when the entry says so, else Latin-1). A ZIP64 file (a library may write one
 * for any size) gives the directory's place in its ZIP64 end record. Null for a layout this does not
 * read (no end record, a directory out of the file): the caller then has nothing to check against.
 */
function recordedCrcs(bytes: Uint8Array): Map<string, number> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 65535; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  let count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) {
    // ZIP64: the locator just before the end record points at the ZIP64 end record, which holds
    // the entry count and the directory's offset in 8 bytes each. (CRCs are 4 bytes either way.)
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) return null;
    const record = Number(view.getBigUint64(locator + 8, true));
    if (record + 56 > bytes.length || view.getUint32(record, true) !== 0x06064b50) return null;
    count = Number(view.getBigUint64(record + 32, true));
    at = Number(view.getBigUint64(record + 48, true));
  }
  const crcs = new Map<string, number>();
  const utf8 = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const raw = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = flags & 0x800 ? utf8.decode(raw) : String.fromCharCode(...raw);
    crcs.set(name, view.getUint32(at + 16, true));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return crcs;
}

/**
 * The first entry whose bytes, unpacked, do not match the CRC-32 the zip recorded for them: a file
 * changed on a disk, in a copy or a download. A deflate stream with a few bytes changed often still
 * unpacks, to wrong text (U+FFFD where a character broke, another digit): only the CRC tells.
 */
export function corruptEntry(bytes: Uint8Array, files: Record<string, Uint8Array>): string | null {
  const crcs = recordedCrcs(bytes);
  if (!crcs) return null;
  for (const [name, data] of Object.entries(files)) {
    const recorded = crcs.get(name);
    if (recorded !== undefined && crc32(data) !== recorded) return name;
  }
  return null;
}
