/**
 * Who may write the stored OFD renditions (`licences/{id}.ofd`, made on a licence's first OFD request): the verify
 * function (`GET /s/{token}/ofd`) may create exactly those objects — s3:PutObject on `licences/*.ofd` of the
 * licences bucket, no delete, nothing else in any bucket — so it cannot write a PDF; the certificates function,
 * which issues the PDFs and serves `GET /v1/certificates/{id}/ofd`, may write them too. IAM matches a resource
 * pattern's `*` against any characters, which `matches` reproduces to test real keys against the synthesized
 * statements.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ofdKeyOf, sealObjectKey } from '../../functions/core/ofd/ofd-service.js';
import { handlerModules } from '../../functions/handlers/index.js';
import { modulePermissions } from '../../lib/permissions.js';
import { actionsOf, logicalId, moduleRoleId, roleStatements, type Synthesized, synthesize } from './synth.js';

let s: Synthesized;
let licencesBucket: string;

/** A statement resource `{"Fn::Join":["",[{"Fn::GetAtt":[bucket,"Arn"]},"/key"]]}` as `bucket/key`. */
function objectResources(resource: unknown): string[] {
  return ([] as unknown[]).concat(resource).flatMap((r) => {
    const parts = (r as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1];
    if (!parts) return [];
    const bucket = (parts[0] as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
    return bucket && typeof parts[1] === 'string' ? [`${bucket}${parts[1]}`] : [];
  });
}

const matches = (pattern: string, key: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
  ).test(key);

/** The object patterns on which `moduleName`'s role may call `action`. */
const allowedObjects = (moduleName: string, action: string) =>
  roleStatements(s, moduleRoleId(s, moduleName))
    .filter((st) => st.Effect === 'Allow' && actionsOf(st).includes(action))
    .flatMap((st) => objectResources(st.Resource));

const mayPut = (moduleName: string, key: string) =>
  allowedObjects(moduleName, 's3:PutObject').some((pattern) => matches(pattern, `${licencesBucket}/${key}`));

describe('the stored OFD renditions in the stack (China-region stage)', () => {
  beforeAll(() => {
    s = synthesize({ region: 'cn-northwest-1' });
    licencesBucket = logicalId(s.built.stack.data.buckets.licences);
  });

  it('lets the verify function create licences/*.ofd of the licences bucket and no other object', () => {
    expect(allowedObjects('verify', 's3:PutObject')).toEqual([`${licencesBucket}/licences/*.ofd`]);
    expect(allowedObjects('verify', 's3:DeleteObject')).toEqual([]);
    const id = 'c_01JF0000000000000000000000';
    expect(mayPut('verify', ofdKeyOf(id))).toBe(true);
    for (const key of [
      `licences/${id}.pdf`,
      `licences/${id}.v2.pdf`,
      `licences/${id}.ofd.pdf`,
      sealObjectKey('esid'),
      'pki/seal-chain.pem',
      'pki/qr-keys/2026-12.json',
      `${id}.ofd`,
    ]) {
      expect(mayPut('verify', key), key).toBe(false);
    }
  });

  it('lets every module that seals OFDs store them (certificates, verify), and the matcher tells keys apart', () => {
    const sealing = handlerModules
      .filter((m) => modulePermissions[m.name]?.ofdSealKey === 'sign')
      .map((m) => m.name);
    expect(sealing.sort()).toEqual(['certificates', 'verify']);
    for (const name of sealing) expect(mayPut(name, ofdKeyOf('c_1')), name).toBe(true);
    // The certificates function issues the PDFs: it writes them, the verify function does not.
    expect(mayPut('certificates', 'licences/c_1.pdf')).toBe(true);
    expect(matches('b/licences/*.ofd', 'b/licences/x/y.ofd')).toBe(true);
    expect(matches('b/licences/*.ofd', 'b/licences/x.ofdx')).toBe(false);
  });

  it('lets the verify role encrypt under the data key it writes with', () => {
    const dataKey = logicalId(s.built.stack.keys.dataKey);
    const onDataKey = roleStatements(s, moduleRoleId(s, 'verify'))
      .filter((st) => JSON.stringify(st.Resource).includes(dataKey))
      .flatMap(actionsOf);
    expect(onDataKey).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:GenerateDataKey']));
  });
});
