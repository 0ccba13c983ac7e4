/**
 * The list of other issuers whose signed documents are accepted as genuine (电子证照共享: a licence another
 * department or province sealed): data files like the catalogue, each naming an issuer and the PEM roots of
 * its chain. Validated at start-up: a file that does not parse, names no issuer or carries a certificate
 * that is not a CA stops start-up with the file named, as a bad catalogue file does.
 */
import { X509Certificate } from 'node:crypto';
import * as z from 'zod';
import { DomainError } from '../errors.js';
import { fromPem } from '../pki/pem.js';
import type { TrustedIssuer } from './types.js';

export const trustedIssuerFileSchema = z
  .object({
    /** The issuer as the verification result names it, e.g. `浙江省市场监督管理局`. */
    name: z.string().trim().min(2).max(100),
    /** Where the roots were obtained, so they can be checked again. */
    source: z.string().min(1),
    /** PEM CERTIFICATE blocks: the roots (or intermediates) a signer's chain must end in. */
    certificates: z.string().min(1),
  })
  .strict();

const invalid = (file: string, problem: string) =>
  new DomainError(
    'INVALID',
    'TRUSTED_ISSUER_INVALID',
    `可信签发机构文件 ${file} 无效：${problem}`,
    `Trusted issuer file ${file} is invalid: ${problem}`,
  );

function rootsOf(file: string, pem: string): Uint8Array[] {
  let roots: Uint8Array[];
  try {
    roots = fromPem('CERTIFICATE', pem);
  } catch {
    throw invalid(file, 'certificates are not PEM CERTIFICATE blocks');
  }
  for (const der of roots) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(Buffer.from(der));
    } catch {
      throw invalid(file, 'a certificate does not parse');
    }
    if (!certificate.ca) throw invalid(file, `${certificate.subject.replace(/\n/g, ', ')} is not a CA`);
  }
  return roots;
}

/** Validate every trusted-issuer file; throws a DomainError naming the first bad file. */
export function loadTrustedIssuers(
  files: ReadonlyArray<{ file: string; content: unknown }>,
): TrustedIssuer[] {
  const names = new Set<string>();
  return files.map(({ file, content }) => {
    const parsed = trustedIssuerFileSchema.safeParse(content);
    if (!parsed.success) throw invalid(file, parsed.error.issues.map((issue) => issue.message).join('; '));
    if (names.has(parsed.data.name)) throw invalid(file, `issuer ${parsed.data.name} is listed twice`);
    names.add(parsed.data.name);
    return { name: parsed.data.name, roots: rootsOf(file, parsed.data.certificates) };
  });
}
