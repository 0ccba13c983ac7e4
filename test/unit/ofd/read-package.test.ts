import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  isSafeEntryName,
  OfdPackageError,
  parseOfdXml,
  readOfdPackage,
  resolveLoc,
} from '../../../functions/core/ofd/read-package.js';
import { verifyOfdSeal } from '../../../functions/core/ofd/verify-ofd.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof OfdPackageError ? error.code : String(error);
  }
};
/** Renames entry `from` to `to` (same length) in the raw zip: local header and central directory alike. */
const rename = (zip: Uint8Array, from: string, to: string) =>
  new Uint8Array(Buffer.from(Buffer.from(zip).toString('latin1').split(from).join(to), 'latin1'));

describe('reading an untrusted OFD package', () => {
  it('refuses more entries than the limit', () => {
    const files = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}.xml`, utf8('<a/>')]));
    expect(codeOf(() => readOfdPackage(zipSync(files)))).toBe('OFD_TOO_MANY_ENTRIES');
  });

  it('refuses a zip bomb by its compression ratio and its uncompressed size', () => {
    const bomb = zipSync({ 'OFD.xml': new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
    expect(codeOf(() => readOfdPackage(bomb))).toBe('OFD_COMPRESSION_RATIO');
    const big = zipSync({ 'a.bin': new Uint8Array(9 * 1024 * 1024) }, { level: 0 });
    expect(codeOf(() => readOfdPackage(big))).toBe('OFD_TOO_LARGE');
  });

  it('stops inflating a member that lies about its size (no CPU bomb) and checks its CRC', () => {
    // 64 MiB of zeros deflate to ~64 KB; the member then claims 1,000 bytes (under every limit).
    const zip = Buffer.from(zipSync({ 'OFD.xml': [new Uint8Array(64 * 1024 * 1024), { level: 1 }] }));
    zip.writeUInt32LE(1000, 22);
    const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(1000, central + 24);
    const started = performance.now();
    expect(codeOf(() => readOfdPackage(new Uint8Array(zip)))).toBe('OFD_ZIP_MALFORMED');
    expect(performance.now() - started).toBeLessThan(200);
    // A flipped byte of a stored member: the CRC no longer matches.
    const stored = Buffer.from(zipSync({ 'a.xml': [utf8('<a>hello</a>'), { level: 0 }] }));
    stored[stored.indexOf('hello')] = 0x48;
    expect(codeOf(() => readOfdPackage(new Uint8Array(stored)))).toBe('OFD_ZIP_MALFORMED');
  });

  it('refuses path traversal, absolute and backslash names', () => {
    for (const name of ['../evil.xml', '/abs.xml', 'a\\b.xml', 'Doc_0/../../x.xml', 'C:x.xml']) {
      expect(isSafeEntryName(name), name).toBe(false);
    }
    const zip = rename(zipSync({ 'xx/evil.xml': utf8('<a/>') }), 'xx/evil.xml', '../evil.xml');
    expect(codeOf(() => readOfdPackage(zip))).toBe('OFD_UNSAFE_ENTRY_NAME');
  });

  it('refuses duplicate entry names', () => {
    const zip = rename(zipSync({ 'OFD.xml': utf8('<a/>'), 'OFD.xmm': utf8('<b/>') }), 'OFD.xmm', 'OFD.xml');
    expect(codeOf(() => readOfdPackage(zip))).toBe('OFD_DUPLICATE_ENTRY');
  });

  it('answers MALFORMED, never throws, for non-zip input and an OFD without OFD.xml', () => {
    for (const bytes of [new Uint8Array(0), utf8('%PDF-1.7'), zipSync({ 'x.xml': utf8('<a/>') })]) {
      expect(verifyOfdSeal(bytes, { roots: [] }).status).toBe('MALFORMED');
    }
  });

  it('refuses a DTD (no entity expansion, no external entity) and malformed XML', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><l>&a;&a;</l>';
    expect(codeOf(() => parseOfdXml(utf8(laughs), 'x'))).toBe('OFD_XML_DTD');
    expect(codeOf(() => parseOfdXml(utf8('<a><b></a>'), 'x'))).toBe('OFD_XML_MALFORMED');
    expect(codeOf(() => parseOfdXml(utf8('<a>&unknown;</a>'), 'x'))).toBe('OFD_XML_MALFORMED');
    expect(codeOf(() => parseOfdXml(utf8('<a/><b/>'), 'x'))).toBe('OFD_XML_MALFORMED');
  });

  it('reads a large XML file in linear time (no re-slicing per attribute)', () => {
    const refs = Array.from({ length: 40_000 }, (_, i) => `<ofd:Reference FileRef="/f${i}" A="${i}"/>`).join(
      '',
    );
    const xml = utf8(`<ofd:Signature xmlns:ofd="u"><ofd:References>${refs}</ofd:References></ofd:Signature>`);
    const started = performance.now();
    const doc = parseOfdXml(xml, 'x');
    expect(performance.now() - started).toBeLessThan(1500);
    const signature = (doc.Signature as Record<string, unknown>[])[0] as Record<string, unknown>;
    const references = (signature.References as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect((references.Reference as unknown[]).length).toBe(40_000);
  });

  it('reads elements by local name with attributes and decoded text', () => {
    const doc = parseOfdXml(
      utf8(
        '<?xml version="1.0"?><ofd:A xmlns:ofd="u" X="1&amp;2"><ofd:B>t&lt;&#x4e2d;</ofd:B><ofd:B/></ofd:A>',
      ),
      'x',
    );
    const a = (doc.A as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(a['@X']).toBe('1&2');
    expect((a.B as Record<string, unknown>[])[0]?.['#text']).toBe('t<中');
    expect((a.B as unknown[]).length).toBe(2);
  });

  it('resolves BaseLoc absolute and relative, never outside the package', () => {
    expect(resolveLoc('/Doc_0/Signs/Sign_0/Seal.esl', 'Doc_0/Signs/Signatures.xml')).toBe(
      'Doc_0/Signs/Sign_0/Seal.esl',
    );
    expect(resolveLoc('Sign_0/Signature.xml', 'Doc_0/Signs/Signatures.xml')).toBe(
      'Doc_0/Signs/Sign_0/Signature.xml',
    );
    expect(resolveLoc('../../../etc/passwd', 'Doc_0/Signs/Signatures.xml')).toBeUndefined();
  });
});

describe('SM3 of package files', () => {
  it('is the same digest through OpenSSL and the pure implementation', async () => {
    const { sm3 } = await import('../../../functions/core/ofd/digest.js');
    const { sm3: pure } = await import('../../../functions/core/sm2/index.js');
    for (const size of [0, 3, 64, 100_000]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 31) % 251);
      expect(Buffer.from(sm3(bytes)).equals(Buffer.from(pure(bytes)))).toBe(true);
    }
    // GB/T 32905 Appendix A example 1: SM3("abc").
    expect(Buffer.from(sm3(utf8('abc'))).toString('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });
});
