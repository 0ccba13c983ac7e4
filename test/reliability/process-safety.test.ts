/**
 * No request may end the local runtime: a child process serving the real gateway and middy chain with the
 * safety net of `bin/local.ts` survives a handler's forgotten rejected promise, a throw from a timer and a
 * throw in the handler, and reports each as a bug; without the net, the first of them ends the process —
 * which is what the net is there for.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];

interface Buggy {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startBuggyRuntime(safetyNet: 'on' | 'off'): Promise<Buggy> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/buggy-runtime.ts'], {
    cwd: root,
    env: { ...process.env, SAFETY_NET: safetyNet, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = Date.now();
  while (!/listening on/.test(output)) {
    if (child.exitCode !== null) throw new Error(`exited early:\n${output}`);
    if (Date.now() - started > 30_000) throw new Error(`did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
  return { url, child, output: () => output, exited };
}

const get = async (url: string) => {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, text, requestId: res.headers.get('x-request-id') };
};

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('the local runtime under handler bugs', () => {
  it('keeps serving after a forgotten rejection, a throw from a timer and a throw in a handler, and reports each', async () => {
    // Prepare
    const runtime = await startBuggyRuntime('on');

    // Act
    const rejection = await get(`${runtime.url}/bug/forgotten-rejection`);
    const timer = await get(`${runtime.url}/bug/throw-from-timer`);
    await new Promise((r) => setTimeout(r, 100));
    const thrown = await get(`${runtime.url}/bug/throw-in-handler`);
    const health = await get(`${runtime.url}/health`);

    // Assess
    expect(rejection.status).toBe(200);
    expect(timer.status).toBe(200);
    expect(thrown.status).toBe(500);
    expect(JSON.parse(thrown.text).error).toMatchObject({
      code: 'INTERNAL_ERROR',
      requestId: thrown.requestId,
    });
    expect(thrown.text).not.toContain('a bug in the handler itself');
    expect(health.status).toBe(200);
    expect(runtime.child.exitCode).toBeNull();
    expect(runtime.output()).toContain('BUG unhandled promise rejection');
    expect(runtime.output()).toContain('a write failed while nobody was listening');
    expect(runtime.output()).toContain('BUG uncaught exception');
  });

  it('ends without the net at the first forgotten rejection (what the net prevents)', async () => {
    // Prepare
    const runtime = await startBuggyRuntime('off');

    // Act
    const reply = await get(`${runtime.url}/bug/forgotten-rejection`).catch((error: Error) => error);
    const code = await runtime.exited;

    // Assess
    expect(reply).toBeInstanceOf(Error);
    expect(code).not.toBe(0);
  });
});
