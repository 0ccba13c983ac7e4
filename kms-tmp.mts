import { startKmsEndpoint } from './bin/local/kms-endpoint.ts';
import { execFileSync } from 'node:child_process';
const k = await startKmsEndpoint({ keyDir: '/tmp/zz-kms-test' });
try {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/seal-chain.ts', 'bootstrap', '--out', '/tmp/zz-chain.pem'], { env: { ...process.env, KMS_ENDPOINT: k.endpoint, SEAL_KEY_ID: k.keys.seal, ROOT_KEY_ID: k.keys.root, NODE_NO_WARNINGS: '1' }, encoding: 'utf8' });
  console.log('ok', out);
} finally { await k.close(); }
