/**
 * The local runtime (`npm start`): embedded DynamoDB (dynalite behind a transactional gateway), S3 (s3rver),
 * a KMS-compatible endpoint over local key files, and an HTTP server that runs the same handler modules as
 * Lambda. Everything persists under $DATA_DIR (default ./.data), so a restart loses nothing.
 *
 * Environment: PORT (3000), DATA_DIR (./.data), DEV_API_KEY, PUBLIC_BASE_URL (http://127.0.0.1:$PORT), NOW.
 */
import { installProcessSafetyNet } from './local/process-safety.js';
import { startLocalRuntime } from './local/runtime.js';

const runtime = await startLocalRuntime({ env: process.env, log: (line) => console.log(line) });
// Serving now: from here on no request, however buggy its handler, may end the runtime (a failed start still does).
installProcessSafetyNet((line) => console.error(line));

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down…`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await runtime.close();
  } catch (error) {
    console.error('shutdown failed', error);
    process.exit(1);
  }
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
