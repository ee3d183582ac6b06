import * as zlib from 'node:zlib';

// zlib.crc32 came with Node 20.15 and 22.2. Both go on from `prev`, the CRC of the bytes before.
export const crc32: (data: Uint8Array, prev?: number) => number = typeof zlib.crc32 === 'function' ? (data, prev = 0) => zlib.crc32(data, prev) : jsCrc32;

let table: Int32Array | null = null;
/** CRC-32 for Node versions without zlib.crc32; `prev` is the CRC of the bytes before `data`. */
export function jsCrc32(data: Uint8Array, prev = 0): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = prev ^ -1;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
