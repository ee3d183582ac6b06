import { strToU8, unzipSync, zipSync } from 'fflate';
import { corruptEntry } from '../src/load/zip-crc';
import { damagePart, readTiny, refusal, tinyWorkbook } from './xlsx-helpers';

// The CRC-32 check of every part (load/zip-crc.ts), also for a zip whose end record is in ZIP64
// form, as a library may write at any size: the directory is then found through the ZIP64 end record.

/** The same zip with its end record in ZIP64 form: a ZIP64 end record and locator, the classic record's fields set to "see ZIP64". */
function asZip64(zip: Uint8Array): Uint8Array {
  const end = zip.length - 22;
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (v.getUint32(end, true) !== 0x06054b50) throw new Error('expected an end record without a comment');
  const count = v.getUint16(end + 10, true);
  const size = v.getUint32(end + 12, true);
  const offset = v.getUint32(end + 16, true);
  const out = new Uint8Array(end + 56 + 20 + 22);
  out.set(zip.subarray(0, end));
  const o = new DataView(out.buffer);
  let at = end;
  o.setUint32(at, 0x06064b50, true);
  o.setBigUint64(at + 4, 44n, true);
  o.setUint16(at + 12, 45, true);
  o.setUint16(at + 14, 45, true);
  o.setBigUint64(at + 24, BigInt(count), true);
  o.setBigUint64(at + 32, BigInt(count), true);
  o.setBigUint64(at + 40, BigInt(size), true);
  o.setBigUint64(at + 48, BigInt(offset), true);
  at += 56;
  o.setUint32(at, 0x07064b50, true);
  o.setBigUint64(at + 8, BigInt(end), true);
  o.setUint32(at + 16, 1, true);
  at += 20;
  o.setUint32(at, 0x06054b50, true);
  o.setUint16(at + 8, 0xffff, true);
  o.setUint16(at + 10, 0xffff, true);
  o.setUint32(at + 12, 0xffffffff, true);
  o.setUint32(at + 16, 0xffffffff, true);
  return out;
}

describe('the CRC-32 check of a zip\'s parts', () => {
  const zip = zipSync({ 'a.xml': strToU8('<a>470383</a>'), 'b.xml': strToU8('<b>甲</b>') }, { level: 0 });
  /** The stored text of a.xml changed in place (stored: level 0), its recorded CRC left as it was. */
  const spoilt = (z: Uint8Array) => {
    const copy = z.slice();
    const at = Buffer.from(copy).indexOf('470383');
    copy[at] = '9'.charCodeAt(0);
    return copy;
  };

  it.each([
    ['a classic zip', (z: Uint8Array) => z],
    ['a zip with a ZIP64 end record', asZip64],
  ])('%s: an intact one passes, a part whose bytes changed is named', (_label, form) => {
    const intact = form(zip);
    expect(corruptEntry(intact, unzipSync(intact))).toBeNull();
    const bad = form(spoilt(zip));
    expect(unzipSync(bad)['a.xml']).toEqual(strToU8('<a>970383</a>'));
    expect(corruptEntry(bad, unzipSync(bad))).toBe('a.xml');
  });

  it('a ZIP64 end record pointing outside the file leaves nothing to check against (no false alarm)', () => {
    const z = asZip64(spoilt(zip));
    const v = new DataView(z.buffer);
    v.setBigUint64(z.length - 22 - 20 + 8, BigInt(z.length + 100), true);
    expect(corruptEntry(z, { 'a.xml': strToU8('<a>970383</a>') })).toBeNull();
  });
});

describe('a workbook whose zip has a ZIP64 end record', () => {
  it('reads as the same workbook; one with a part changed in a copy is refused, the part named', async () => {
    const good = await tinyWorkbook();
    expect((await readTiny(asZip64(good))).value).toEqual((await readTiny(good)).value);
    const issues = await refusal(readTiny(asZip64(damagePart(good, 'xl/sharedStrings.xml', (xml) => xml.replace('</t>', '\uFFFD</t>')))));
    expect(issues[0]!.message).toContain('工作簿中的单元格文字表（xl/sharedStrings.xml）已损坏（其内容与压缩包记录的校验值不符');
  });
});
