/**
 * Offline check of a licence QR code (the text a camera or `zbarimg --raw` reads):
 *
 *   npm run verify:qr -- [--keys <qr-keys.json | URL>] [--now <ISO time>] [--json] <text | ->
 *
 * `--keys`: the JWK Set published at `/.well-known/qr-keys.json`, as a file (works with no network: fetch it
 * once before the flight) or a URL; without it, `{iss}/.well-known/qr-keys.json` of the payload's issuer is
 * fetched. `-` reads the text from standard input. Prints what the payload says and the verdict.
 * Exit codes: 0 VALID, 1 anything else (INVALID, EXPIRED, NOT_YET_VALID), 2 usage or unreadable keys.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type OfflineQrResult, verifyQrOffline } from '../functions/core/qr/verify-offline.js';

const USAGE = 'usage: verify-qr.ts [--keys <file|URL>] [--now <ISO time>] [--json] <text | ->';

async function loadKeys(source: string): Promise<unknown> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${source}: HTTP ${response.status}`);
    return response.json();
  }
  return JSON.parse(await readFile(source, 'utf8'));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function summary(result: OfflineQrResult): string[] {
  const out: string[] = [];
  const c = result.claims;
  if (c) {
    out.push(
      `证照编号 / number: ${c.number}`,
      `证照标识 / identifier: ${c.identifier}  (类型代码 / type code ${c.typeCode})`,
      `持证主体 / holder: ${c.holder}`,
      `有效期 / valid: ${result.validity?.from} – ${result.validity?.until}`,
      `签发方 / issuer: ${c.iss}  密钥 / kid: ${result.kid}`,
      `数据摘要 / canonical data digest: ${Buffer.from(c.digest).toString('hex')}`,
    );
    if (result.statusList)
      out.push(`状态列表 / status list: ${result.statusList.uri} #${result.statusList.idx}`);
  }
  if (result.url) out.push(`核验网址 / verify URL: ${result.url}`);
  out.push(`签名 / signature: ${result.signatureValid ? '有效 / valid' : '无效 / invalid'}`);
  out.push(`结果 / verdict: ${result.verdict}${result.reason ? ` (${result.reason})` : ''}`);
  return out;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: { keys: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean' } },
    });
  } catch {
    console.error(USAGE);
    return 2;
  }
  const [input] = args.positionals;
  const now = args.values.now ? new Date(String(args.values.now)) : new Date();
  if (!input || Number.isNaN(now.getTime())) {
    console.error(USAGE);
    return 2;
  }
  const text = input === '-' ? await readStdin() : input;
  let keysSource = args.values.keys as string | undefined;
  if (!keysSource) {
    const iss = verifyQrOffline(text, { keys: [] }, now).claims?.iss;
    if (!iss) keysSource = undefined;
    else keysSource = `${iss}/.well-known/qr-keys.json`;
  }
  let keys: unknown = { keys: [] };
  if (keysSource) {
    try {
      keys = await loadKeys(keysSource);
    } catch (error) {
      console.error(`无法读取密钥 / cannot read the keys: ${(error as Error).message}`);
      return 2;
    }
  }
  const result = verifyQrOffline(text, keys, now);
  if (args.values.json) {
    const claims = result.claims && {
      ...result.claims,
      digest: Buffer.from(result.claims.digest).toString('hex'),
    };
    console.log(JSON.stringify({ ...result, ...(claims ? { claims } : {}) }, null, 2));
  } else {
    for (const line of summary(result)) console.log(line);
  }
  return result.verdict === 'VALID' ? 0 : 1;
}

process.exitCode = await main();
