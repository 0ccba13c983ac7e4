/**
 * The OFD package (GB/T 33190-2016): the entry file OFD.xml (DocBody: DocInfo with CustomDatas, DocRoot,
 * Signatures), the document (CommonData with the page area and the public resources), one page, and the
 * deterministic zip. Equal input gives equal bytes: fixed entry order, fixed entry times, no random IDs.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { num, xmlEscape } from './content-xml.js';

/** The OFD namespace (GB/T 33190 §7.1). */
export const OFD_NS = 'http://www.ofdspec.org/2016';
export const DOC_ROOT = 'Doc_0/Document.xml';
export const PAGE_PATH = 'Doc_0/Pages/Page_0/Content.xml';
export const SIGNATURES_PATH = 'Doc_0/Signs/Signatures.xml';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const utf8 = new TextEncoder();

/** One named value of DocInfo/CustomDatas. */
export interface CustomData {
  name: string;
  value: string;
}

/** What the package around one page holds. */
export interface OfdDocument {
  /** DocInfo/DocID: 32 characters (GB/T 33190 §7.4 Table 4). */
  docId: string;
  title: string;
  author: string;
  /** xs:date, e.g. 2026-12-06. */
  creationDate: string;
  customDatas: CustomData[];
  /** Page size in millimetres. */
  pageMm: [number, number];
  /** Font resources: ID and name (no FontFile: the text is drawn as outlines, see glyphs.ts). */
  fonts: { id: number; name: string }[];
  pageId: number;
  layerId: number;
  /** The page's objects (content-xml.ts). */
  objects: string;
  maxUnitId: number;
  /** Whether OFD.xml names a Signatures file (a sealed licence) or not (the seal's own picture). */
  signed: boolean;
}

/** The package's files by path (no leading slash), in zip order. */
export type OfdFiles = Map<string, Uint8Array>;

function ofdXml(doc: OfdDocument): string {
  const custom = doc.customDatas
    .map((c) => `<ofd:CustomData Name="${xmlEscape(c.name)}">${xmlEscape(c.value)}</ofd:CustomData>`)
    .join('');
  return (
    `${XML_DECL}<ofd:OFD xmlns:ofd="${OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>` +
    `<ofd:DocID>${xmlEscape(doc.docId)}</ofd:DocID><ofd:Title>${xmlEscape(doc.title)}</ofd:Title>` +
    `<ofd:Author>${xmlEscape(doc.author)}</ofd:Author><ofd:CreationDate>${doc.creationDate}</ofd:CreationDate>` +
    '<ofd:Creator>Zhengzhao</ofd:Creator><ofd:CreatorVersion>1.0</ofd:CreatorVersion>' +
    (custom ? `<ofd:CustomDatas>${custom}</ofd:CustomDatas>` : '') +
    `</ofd:DocInfo><ofd:DocRoot>${DOC_ROOT}</ofd:DocRoot>` +
    (doc.signed ? `<ofd:Signatures>${SIGNATURES_PATH}</ofd:Signatures>` : '') +
    '</ofd:DocBody></ofd:OFD>'
  );
}

function documentXml(doc: OfdDocument): string {
  const [w, h] = doc.pageMm;
  return (
    `${XML_DECL}<ofd:Document xmlns:ofd="${OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>${doc.maxUnitId}</ofd:MaxUnitID>` +
    `<ofd:PageArea><ofd:PhysicalBox>0 0 ${num(w)} ${num(h)}</ofd:PhysicalBox></ofd:PageArea>` +
    '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>' +
    `<ofd:Pages><ofd:Page ID="${doc.pageId}" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`
  );
}

function publicResXml(doc: OfdDocument): string {
  const fonts = doc.fonts
    .map((f) => `<ofd:Font ID="${f.id}" FontName="${xmlEscape(f.name)}" FamilyName="${xmlEscape(f.name)}"/>`)
    .join('');
  return `${XML_DECL}<ofd:Res xmlns:ofd="${OFD_NS}" BaseLoc="Res"><ofd:Fonts>${fonts}</ofd:Fonts></ofd:Res>`;
}

function contentXml(doc: OfdDocument): string {
  return (
    `${XML_DECL}<ofd:Page xmlns:ofd="${OFD_NS}"><ofd:Content><ofd:Layer ID="${doc.layerId}">` +
    `${doc.objects}</ofd:Layer></ofd:Content></ofd:Page>`
  );
}

/** The unsigned package's files. */
export function ofdFiles(doc: OfdDocument): OfdFiles {
  return new Map([
    ['OFD.xml', utf8.encode(ofdXml(doc))],
    [DOC_ROOT, utf8.encode(documentXml(doc))],
    ['Doc_0/PublicRes.xml', utf8.encode(publicResXml(doc))],
    [PAGE_PATH, utf8.encode(contentXml(doc))],
  ]);
}

/** DOS date and time of `at`'s wall-clock time in Shanghai (zip entries carry local time, no zone). */
function dosDateTime(at: Date): { date: number; time: number } {
  const t = new Date(at.getTime() + 8 * 3600_000);
  return {
    date: ((t.getUTCFullYear() - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate(),
    time: (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | (t.getUTCSeconds() >> 1),
  };
}

/**
 * The zip (PKWARE APPNOTE 4.3: local headers, central directory, end record; UTF-8 names, flag bit 11). XML is
 * deflated at level 3 by node's zlib — a glyph-outline page is ~600 KB of XML, which zlib deflates in ~25 ms
 * to ~130 KB where level 6 took 120–200 ms for 10 % less; DER is stored. Entry times are `at`'s wall-clock time
 * in Shanghai whatever the process's time zone, so the bytes do not depend on where this runs.
 */
export function zipOfd(files: OfdFiles, at: Date): Uint8Array {
  const { date, time } = dosDateTime(at);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [path, bytes] of files) {
    const name = Buffer.from(path, 'utf8');
    const deflate = path.endsWith('.xml');
    const data = deflate
      ? deflateRawSync(bytes, { level: 3 })
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const crc = crc32(bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(bytes.byteLength, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 28); // flags, method, time, date, crc, sizes, name length
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
