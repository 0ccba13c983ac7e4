/**
 * Hostile files built in code (no committed binaries): decompression bombs, PDF/image + ZIP polyglots,
 * minimal executable headers, and an LZW encoder to make LZW streams.
 */
import { crc32, createDeflate, deflateRawSync, deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';

/** Deflates `megabytes` MiB of zeros without holding them (about 1 KB per MiB comes out). */
export function deflatedZeros(megabytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const deflater = createDeflate({ level: 9 });
    const out: Buffer[] = [];
    deflater.on('data', (chunk: Buffer) => out.push(chunk));
    deflater.on('end', () => resolve(Buffer.concat(out)));
    deflater.on('error', reject);
    const mebibyte = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < megabytes; i += 1) deflater.write(mebibyte);
    deflater.end();
  });
}

/** A real ZIP archive (APPNOTE 6.3: local headers, deflated data, central directory, end record). */
export function zipArchive(files: Array<{ name: string; data: Buffer }>, comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const packed = deflateRawSync(file.data);
    const fields = (signature: number, size: number) => {
      const header = Buffer.alloc(size);
      header.writeUInt32LE(signature, 0);
      return header;
    };
    const local = fields(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc32(file.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = fields(0x02014b50, 46);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc32(file.data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(Buffer.byteLength(comment, 'latin1'), 20);
  return Buffer.concat([...locals, directory, end, Buffer.from(comment, 'latin1')]);
}

/** The smallest Windows executable header a loader recognises: DOS stub pointing at `PE\0\0`. */
export function peExecutable(): Buffer {
  const exe = Buffer.alloc(0x98);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x40, 0x3c);
  exe.write('PE\0\0', 0x40, 'latin1');
  exe.writeUInt16LE(0x8664, 0x44); // machine: x86-64
  return exe;
}

/** A 64-bit little-endian ELF header (System V ABI). */
export function elfExecutable(): Buffer {
  const elf = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(elf);
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(0x3e, 18); // x86-64
  elf.writeUInt32LE(1, 20);
  return elf;
}

/** A one-page PDF made by pdf-lib, as real producers write them. */
export async function realPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Material');
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * A one-page PDF built by hand around extra stream objects (each `dict` without /Length, `data` the encoded
 * bytes); the page's content stream is the first of them when `contents` is set.
 */
export function pdfWithStreams(
  streams: Array<{ dict: string; data: Buffer }>,
  options: { contents?: boolean; after?: Buffer } = {},
): Buffer {
  const parts: Buffer[] = [];
  const contents = options.contents && streams.length > 0 ? '/Contents 4 0 R' : '';
  parts.push(
    Buffer.from(
      `%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n` +
        `3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]${contents}>> endobj\n`,
      'latin1',
    ),
  );
  streams.forEach((stream, i) => {
    const head = `${i + 4} 0 obj <<${stream.dict}/Length ${stream.data.length}>>\nstream\n`;
    parts.push(Buffer.from(head, 'latin1'), stream.data, Buffer.from('\nendstream\nendobj\n', 'latin1'));
  });
  parts.push(Buffer.from('trailer\n<</Root 1 0 R>>\n%%EOF\n', 'latin1'));
  if (options.after) parts.push(options.after);
  return Buffer.concat(parts);
}

/** A content stream deflated as producers do. */
export const flate = (text: string | Buffer): Buffer => deflateSync(text);

/**
 * LZW as PDF defines it (§7.4.4): 9–12 bit codes, clear code first, EarlyChange 1; when the table is full it
 * stops growing (no clear), which is also how an LZW bomb keeps emitting its longest string.
 */
export function lzwEncode(data: Uint8Array): Buffer {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  const put = (code: number, width: number) => {
    buffer = (buffer << width) | code;
    bits += width;
    while (bits >= 8) {
      bits -= 8;
      out.push((buffer >>> bits) & 0xff);
    }
    buffer &= (1 << bits) - 1;
  };
  // Entries keyed by (code of the prefix) * 256 + next byte.
  const table = new Map<number, number>();
  let next = 258;
  let width = 9;
  put(256, width);
  let current = -1;
  for (const byte of data) {
    const known = current < 0 ? byte : table.get(current * 256 + byte);
    if (known !== undefined) {
      current = known;
      continue;
    }
    put(current, width);
    if (next < 4096) {
      table.set(current * 256 + byte, next);
      next += 1;
      // The encoder is one entry ahead of the decoder, so its switch to wider codes comes one code later.
      if (next >= 1 << width && width < 12) width += 1;
    }
    current = byte;
  }
  if (current >= 0) put(current, width);
  put(257, width);
  if (bits > 0) out.push((buffer << (8 - bits)) & 0xff);
  return Buffer.from(out);
}
