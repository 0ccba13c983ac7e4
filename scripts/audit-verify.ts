/**
 * Offline verification of an exported audit log (`GET /v1/audit/export`): no network, no AWS.
 *
 *   npm run audit:verify -- audit-main.jsonl [--root-sha256 <hex>]
 *
 * Checks the hash chain from the genesis hash, every checkpoint's signature under the seal certificate in
 * the export (and that certificate under its root), that each checkpoint matches the entry it covers, and
 * that nothing after a checkpoint was cut off. `--root-sha256` pins the trusted root (the SHA-256 of the
 * root certificate, as published); without it the root's fingerprint is printed for comparison.
 * Exit codes: 0 the export verifies, 1 it does not (the first bad seq is named), 2 usage or unreadable file.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type AuditExportVerification, verifyAuditExport } from '../functions/core/audit/offline-verify.js';

const USAGE = 'usage: audit-verify.ts <export.jsonl> [--root-sha256 <hex>]';

function summary(file: string, result: AuditExportVerification, pinned: boolean): string[] {
  const out = [
    `审计日志导出 / audit export: ${file}`,
    `条目 / entries: ${result.entries}    检查点 / checkpoints: ${result.checkpoints}`,
    `已由签名检查点覆盖至第 ${result.verifiedThroughSeq} 条 / covered by signed checkpoints through seq ${result.verifiedThroughSeq}`,
  ];
  if (result.rootSha256) {
    out.push(`根证书 SHA-256 / root certificate SHA-256: ${result.rootSha256}`);
    if (!pinned) {
      out.push(
        '未指定 --root-sha256：请与公布的根证书指纹核对 / not pinned: compare with the published fingerprint',
      );
    }
  }
  for (const warning of result.warnings) out.push(`注意 / note: ${warning}`);
  for (const problem of result.problems) out.push(`问题 / problem: ${problem}`);
  if (result.ok) {
    out.push('结果：通过 / result: OK');
    return out;
  }
  if (result.firstBadSeq !== undefined) {
    out.push(`首个问题条目：第 ${result.firstBadSeq} 条 / first bad entry: seq ${result.firstBadSeq}`);
  }
  if (result.brokenBetween) {
    const [from, to] = result.brokenBetween;
    out.push(
      `最早的改动位于第 ${from}–${to} 条之间 / the first change lies in seq ${from}–${to} (${result.reason ?? ''})`,
    );
  }
  out.push('结果：未通过 / result: FAILED');
  return out;
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  const rootSha256 = parsed.values['root-sha256'];
  if (!file || extra.length > 0 || (rootSha256 !== undefined && !/^[0-9a-fA-F:]{64,95}$/.test(rootSha256))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    process.stderr.write(`无法读取文件 / cannot read ${file} (${code})\n`);
    return 2;
  }
  const result = verifyAuditExport(
    text.split(/\r?\n/),
    rootSha256 === undefined ? {} : { trustedRootSha256: rootSha256 },
  );
  process.stdout.write(`${summary(file, result, rootSha256 !== undefined).join('\n')}\n`);
  return result.ok ? 0 : 1;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'root-sha256': { type: 'string' } },
  });
}

process.exitCode = await main(process.argv.slice(2));
