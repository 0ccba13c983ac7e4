/**
 * Starts the local runtime (`bin/local.ts`, what `npm start` runs) as a child process for e2e tests, and
 * a small HTTP client for it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractFetch } from './contract.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningRuntime {
  url: string;
  apiKey: string;
  dynamoEndpoint: string;
  dataDir: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Start `bin/local.ts` on a random port with its data under `dataDir` (a new temp dir by default). */
export async function startRuntime(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<RunningRuntime> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'zz-e2e-')));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      NODE_NO_WARNINGS: '1',
      JOBS_INTERVAL_SECONDS: '0',
      // Progress SMS only when a test runs the job: counts of /local/sms stay deterministic.
      PROGRESS_SMS_INTERVAL_SECONDS: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = Date.now();
  while (!/Demo API key/.test(output)) {
    if (child.exitCode !== null) throw new Error(`runtime exited early:\n${output}`);
    if (Date.now() - started > 30_000) throw new Error(`runtime did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /local API on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
  const dynamoEndpoint = /Local DynamoDB endpoint: (http:\/\/\S+)/.exec(output)?.[1] ?? '';
  const apiKey = /Demo API key .*: (\S+)/.exec(output)?.[1] ?? '';
  return {
    url,
    apiKey,
    dynamoEndpoint,
    dataDir,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A fetch wrapper that parses JSON replies; every reply is held against the runtime's `/openapi.json`. */
export function apiClient(base: string, apiKey?: string) {
  return async <T = any>(
    method: string,
    path: string,
    options: {
      json?: unknown;
      body?: Uint8Array | string;
      contentType?: string;
      headers?: Record<string, string>;
      key?: string | null;
    } = {},
  ): Promise<Reply<T>> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const key = options.key === undefined ? apiKey : options.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | Blob | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      body = typeof options.body === 'string' ? options.body : new Blob([Buffer.from(options.body)]);
    }
    const res = await contractFetch(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };
}
