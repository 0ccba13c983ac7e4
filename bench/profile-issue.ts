/**
 * `npx tsx bench/profile-issue.ts [--no-prof]` — where the local runtime's CPU goes while it issues: the runtime
 * (bin/local.ts, every thread) runs under `node --cpu-prof`, cases are prepared over HTTP, then only the issue
 * requests are measured: concurrent single-licence issues from 4 clients and two 54-licence batches. Prints
 * their timings and the top functions and modules by self time within the measured window (the profile clock
 * and this process's hrtime are both CLOCK_MONOTONIC). `--no-prof` times the same requests without profiling.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { approvedCase } from './cases.js';
import { type BenchApi, benchApi, expectStatus, runWorkers } from './http-client.js';
import { startRuntimeProcess } from './runtime-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const profiling = !process.argv.includes('--no-prof');
const singles = Number(process.env.PROFILE_SINGLES ?? 60);
const batches = Number(process.env.PROFILE_BATCHES ?? 2);
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** utime + stime of a process (all its threads), in ms: its CPU time whatever else the machine runs. */
async function processCpuMs(pid: number): Promise<{ all: number; main: number }> {
  const ms = async (file: string) => {
    const stat = await readFile(file, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  };
  // The main thread's task id is the process id: the handlers' thread, where rendering and sealing run.
  return { all: await ms(`/proc/${pid}/stat`), main: await ms(`/proc/${pid}/task/${pid}/stat`) };
}

const perLicence = (from: { all: number; main: number }, to: { all: number; main: number }, n: number) =>
  `runtime CPU ${((to.all - from.all) / n).toFixed(1)} ms a licence (main thread ${((to.main - from.main) / n).toFixed(1)})`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Our own code (functions/, bin/), whose nearest frame a library's or Node's time is charged to. */
const isOurs = (url: string) => /\/(functions|bin)\//.test(url) && !url.includes('node_modules');

const moduleOf = (url: string) => {
  if (!url) return '(native / GC)';
  const file = url.replace(/^file:\/\//, '');
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (inModules) return inModules[1] as string;
  if (file.startsWith('node:')) return file;
  if (!file.startsWith('/')) return '(node internals)';
  return path.relative(root, file);
};

async function summarise(dir: string, fromUs: number, toUs: number): Promise<void> {
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  const byOwnCaller = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  // PROFILE_MAIN_ONLY=1: only the handlers' thread (thread id 0 in the profile's file name).
  const mainOnly = process.env.PROFILE_MAIN_ONLY === '1';
  const files = (await readdir(dir)).filter(
    (f) => f.endsWith('.cpuprofile') && (!mainOnly || /\.\d+\.0\.\d+\.cpuprofile$/.test(f)),
  );
  for (const file of files) {
    const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as {
      nodes: ProfileNode[];
      startTime: number;
      samples: number[];
      timeDeltas: number[];
    };
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parents = new Map<number, number>();
    for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
    const ownCaller = (id: number): string => {
      for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
        const frame = nodes.get(at)?.callFrame;
        if (frame && isOurs(frame.url))
          return `${frame.functionName || '(anonymous)'} — ${moduleOf(frame.url)}`;
      }
      return '(no frame of ours)';
    };
    let at = profile.startTime;
    let threadMs = 0;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      at += delta;
      const node = nodes.get(id);
      if (at < fromUs || at > toUs || !node || node.callFrame.functionName === '(idle)') return;
      const ms = delta / 1000;
      const where = moduleOf(node.callFrame.url);
      const fn = `${node.callFrame.functionName || '(anonymous)'} — ${where}:${node.callFrame.lineNumber + 1}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
      byModule.set(where, (byModule.get(where) ?? 0) + ms);
      const seen = new Set<string>();
      for (let up: number | undefined = id; up !== undefined; up = parents.get(up)) {
        const frame = nodes.get(up)?.callFrame;
        if (!frame || !isOurs(frame.url)) continue;
        const name = `${frame.functionName || '(anonymous)'} — ${moduleOf(frame.url)}`;
        if (seen.has(name)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      }
      const caller = ownCaller(id);
      byOwnCaller.set(caller, (byOwnCaller.get(caller) ?? 0) + ms);
      threadMs += ms;
    });
    total += threadMs;
    console.log(`thread ${file}: ${Math.round(threadMs)} ms busy in the window`);
  }
  const print = (title: string, map: Map<string, number>, count: number) => {
    console.log(title);
    for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count))
      console.log(
        `  ${ms.toFixed(0).padStart(6)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`,
      );
  };
  console.log(`busy CPU in the window: ${Math.round(total)} ms`);
  print('top modules (self):', byModule, 30);
  print('top functions (self):', byFunction, 45);
  print('charged to our nearest frame:', byOwnCaller, 45);
  print('inclusive (our frames on the stack):', inclusive, 60);
}

const work = await mkdtemp(path.join(tmpdir(), 'zz-profile-issue-'));
const profDir = path.join(work, 'prof');
const runtime = await startRuntimeProcess(path.join(work, 'runtime'), {
  ...(profiling ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] } : {}),
});
try {
  const admin = benchApi(runtime.url, runtime.apiKey);
  const clients: BenchApi[] = [];
  for (let i = 0; i < 4; i++) {
    const reply = expectStatus(
      await admin('POST', '/local/clients', {
        json: { clientId: `prof-${i}`, name: `剖析客户端 ${i}`, serviceItems: ['*'], departments: ['*'] },
      }),
      201,
      'create client',
    );
    clients.push(benchApi(runtime.url, reply.json.apiKey as string));
  }
  const [first] = clients as [BenchApi];
  const single = async (api: BenchApi) => ({ api, caseId: await approvedCase(api, 1) });
  const warm = await Promise.all([0, 1, 2, 3, 4].map(() => single(first)));
  const cases: Array<{ api: BenchApi; caseId: string }> = [];
  await runWorkers(
    Array.from({ length: singles }, (_, i) => clients[i % 4] as BenchApi),
    4,
    async (api) => {
      cases.push(await single(api));
    },
  );
  const batchCases: string[] = [];
  for (let i = 0; i < batches; i++) batchCases.push(await approvedCase(first, 54));
  for (const c of warm)
    expectStatus(await c.api('POST', `/v1/cases/${c.caseId}/certificates`, { json: {} }), 201, 'warm');

  const fromUs = nowUs();
  const cpuBefore = await processCpuMs(runtime.pid);
  let started = performance.now();
  await runWorkers(cases, 4, async (c) => {
    expectStatus(await c.api('POST', `/v1/cases/${c.caseId}/certificates`, { json: {} }), 201, 'issue');
  });
  const concurrentSeconds = (performance.now() - started) / 1000;
  const cpuBetween = await processCpuMs(runtime.pid);
  const batchSeconds: number[] = [];
  for (const caseId of batchCases) {
    started = performance.now();
    expectStatus(await first('POST', `/v1/cases/${caseId}/certificates`, { json: {} }), 201, 'issue 54');
    batchSeconds.push((performance.now() - started) / 1000);
  }
  const cpuAfter = await processCpuMs(runtime.pid);
  const toUs = nowUs();
  console.log(
    `${singles} concurrent issues (4 clients): ${concurrentSeconds.toFixed(2)} s, ${(singles / concurrentSeconds).toFixed(1)}/s, ${perLicence(cpuBefore, cpuBetween, singles)}`,
  );
  console.log(
    `54-licence batches: ${batchSeconds.map((s) => s.toFixed(2)).join(' s, ')} s, ${perLicence(cpuBetween, cpuAfter, 54 * batchCases.length)}`,
  );
  await runtime.stop();
  if (profiling) await summarise(profDir, fromUs, toUs);
} finally {
  await runtime.stop();
  await rm(work, { recursive: true, force: true });
}
