/**
 * The local runtime (`bin/local.ts`, what `npm start` runs) as a child process, like the e2e tests start it,
 * but keeping the process id so the bench can read its peak memory from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestTiming } from '../bin/local/request-timings.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A started runtime: its URL, demo API key, DynamoDB endpoint, pid and a way to stop it. */
export interface RuntimeProcess {
  url: string;
  apiKey: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  pid: number;
  /** The storage requests answered so far, when started with `storageTimings`. */
  storageTimings(): Promise<RequestTiming[]>;
  stop(): Promise<void>;
}

/**
 * Starts `bin/local.ts` on a free port with its data under `dataDir`; resolves once it serves requests.
 * `storageTimings`: the storage thread records every request it answers (bin/local/request-timings.ts);
 * `metering`: also the DynamoDB request units of each (bin/local/dynamo-metering.ts; slower: not for timing).
 */
export async function startRuntimeProcess(
  dataDir: string,
  options: {
    storageTimings?: boolean;
    metering?: boolean;
    env?: Record<string, string>;
    /** Node options before the script, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
    nodeArgs?: string[];
  } = {},
): Promise<RuntimeProcess> {
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', 'bin/local.ts'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      NODE_NO_WARNINGS: '1',
      // The scheduled jobs are Lambdas of their own on AWS; here they would share the measured CPU.
      JOBS_INTERVAL_SECONDS: '0',
      ...(options.storageTimings || options.metering ? { ZZ_STORAGE_TIMINGS: '1' } : {}),
      ...(options.metering ? { ZZ_DYNAMO_METERING: '1' } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = performance.now();
  while (!/Demo API key/.test(output)) {
    if (child.exitCode !== null) throw new Error(`runtime exited early:\n${output}`);
    if (performance.now() - started > 60_000) throw new Error(`runtime did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: /local API on (http:\/\/\S+)/.exec(output)?.[1] ?? '',
    apiKey: /Demo API key .*: (\S+)/.exec(output)?.[1] ?? '',
    dynamoEndpoint: /Local DynamoDB endpoint: (http:\/\/\S+)/.exec(output)?.[1] ?? '',
    s3Endpoint: /Local S3 endpoint: (http:\/\/\S+)/.exec(output)?.[1] ?? '',
    pid: child.pid ?? 0,
    storageTimings: async () =>
      (await readFile(path.join(dataDir, 'storage-timings.jsonl'), 'utf8').catch(() => ''))
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as RequestTiming),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Peak resident set size of a process in MiB (Linux `VmHWM`), or NaN where /proc is not available. */
export async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kib = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return Math.round((kib / 1024) * 10) / 10;
}
