/**
 * A small strict XML reader for the OFD files a verifier must read (OFD.xml, Signatures.xml, Signature.xml).
 * Deliberately without DTD support: a `<!DOCTYPE` is refused, so no entity can be declared, expanded
 * (billion laughs) or fetched (XXE); only the five predefined and numeric character references are known.
 * Elements are keyed by local name (namespace prefix dropped), always as arrays; attributes under `@name`;
 * text under `#text`. Bounded depth and size.
 */

/** An element: attributes under `@`, children by local name, text under `#text`. */
export type XmlNode = { [key: string]: unknown };

/** The input is not well-formed (or uses what this reader refuses). */
export class XmlReadError extends Error {
  constructor(reason: string) {
    super(`XML: ${reason}`);
    this.name = 'XmlReadError';
  }
}

const MAX_DEPTH = 64;
const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&([^;&\s]{1,10});|&/g, (match, ref: string | undefined) => {
    if (ref === undefined) throw new XmlReadError('bare &');
    const predefined = PREDEFINED[ref];
    if (predefined) return predefined;
    const code = ref.startsWith('#x')
      ? Number.parseInt(ref.slice(2), 16)
      : ref.startsWith('#')
        ? Number(ref.slice(1))
        : Number.NaN;
    if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      throw new XmlReadError(`unknown entity ${match}`);
    return String.fromCodePoint(code);
  });
}

// Sticky patterns matched in place (no slicing: a large file costs linear time).
const TAG_NAME = /[^\s/>]{1,256}/y;
const SPACE = /\s*/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);

/** Parses a document; returns a node whose single child is the root element. */
export function readXml(text: string): XmlNode {
  const document: XmlNode = {};
  const stack: { name: string; node: XmlNode }[] = [{ name: '', node: document }];
  let at = 0;
  const top = () => stack[stack.length - 1] as { name: string; node: XmlNode };
  const addText = (raw: string, decode: boolean) => {
    const value = decode ? decodeEntities(raw) : raw;
    if (stack.length === 1) {
      if (value.trim() !== '') throw new XmlReadError('text outside the root element');
      return;
    }
    const node = top().node;
    node['#text'] = `${(node['#text'] as string | undefined) ?? ''}${value}`;
  };
  while (at < text.length) {
    const lt = text.indexOf('<', at);
    if (lt < 0) {
      addText(text.slice(at), true);
      break;
    }
    if (lt > at) addText(text.slice(at, lt), true);
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) throw new XmlReadError('unterminated comment');
      at = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0 || stack.length === 1) throw new XmlReadError('bad CDATA');
      addText(text.slice(lt + 9, end), false);
      at = end + 3;
    } else if (text.startsWith('<!', lt)) {
      throw new XmlReadError('DTDs and declarations are not accepted');
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlReadError('unterminated processing instruction');
      at = end + 2;
    } else if (text.startsWith('</', lt)) {
      const end = text.indexOf('>', lt);
      const name = text.slice(lt + 2, end < 0 ? undefined : end).trim();
      if (end < 0 || stack.length === 1 || top().name !== name)
        throw new XmlReadError(`mismatched </${name}>`);
      const closed = stack.pop() as { node: XmlNode };
      if (typeof closed.node['#text'] === 'string')
        closed.node['#text'] = (closed.node['#text'] as string).trim();
      at = end + 1;
    } else {
      if (stack.length === 1 && Object.keys(document).length > 0)
        throw new XmlReadError('more than one root element');
      at = openTag(text, lt, stack);
    }
  }
  if (stack.length !== 1) throw new XmlReadError('unclosed element');
  if (Object.keys(document).length !== 1) throw new XmlReadError('not exactly one root element');
  return document;
}

/** Reads `<name attr="…" …>` or `<… />` at `lt`, appends the element, returns the index after `>`. */
function openTag(text: string, lt: number, stack: { name: string; node: XmlNode }[]): number {
  let at = lt + 1;
  TAG_NAME.lastIndex = at;
  const nameMatch = TAG_NAME.exec(text);
  const name = nameMatch?.[0] ?? '';
  if (!NAME.test(name)) throw new XmlReadError('bad element name');
  at += name.length;
  const node: XmlNode = {};
  for (;;) {
    SPACE.lastIndex = at;
    const ws = SPACE.exec(text)?.[0].length ?? 0;
    at += ws;
    if (text.startsWith('/>', at) || text[at] === '>') break;
    ATTRIBUTE.lastIndex = at;
    const attrMatch = ATTRIBUTE.exec(text);
    if (!attrMatch || ws === 0 || !NAME.test(attrMatch[1] as string)) throw new XmlReadError('bad attribute');
    const key = `@${localName(attrMatch[1] as string)}`;
    if (attrMatch[1] === 'xmlns' || (attrMatch[1] as string).startsWith('xmlns:')) {
      at += attrMatch[0].length;
      continue;
    }
    if (key in node) throw new XmlReadError('duplicate attribute');
    node[key] = decodeEntities(attrMatch[3] ?? attrMatch[4] ?? '');
    at += attrMatch[0].length;
  }
  const parent = stack[stack.length - 1] as { node: XmlNode };
  const key = localName(name);
  const siblings = (parent.node[key] as XmlNode[] | undefined) ?? [];
  siblings.push(node);
  parent.node[key] = siblings;
  if (text[at] === '>') {
    if (stack.length > MAX_DEPTH) throw new XmlReadError('too deep');
    stack.push({ name, node });
    return at + 1;
  }
  return at + 2;
}
