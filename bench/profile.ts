/**
 * Runs bench/profile-target.ts under `node --cpu-prof` and condenses the .cpuprofile into the top costs by
 * function (self time) and by module (package or source file), which is what an optimisation decision needs.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** A share of the profiled CPU time. */
export interface ProfileEntry {
  name: string;
  selfMs: number;
  share: number;
}

/** The condensed profile: total sampled time and the top functions and modules by self time. */
export interface ProfileSummary {
  iterations: number;
  sampledMs: number;
  topFunctions: ProfileEntry[];
  topModules: ProfileEntry[];
}

/** `pdf-lib`, `node-forge`, `functions/core/pades/cms.ts`, or `(node internals)`. */
function moduleOf(url: string): string {
  if (!url) return '(native / GC / idle)';
  const file = url.replace(/^file:\/\//, '');
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (inModules) return inModules[1] as string;
  if (file.startsWith('node:') || !file.startsWith('/')) return '(node internals)';
  return path.relative(root, file);
}

function top(map: Map<string, number>, totalMs: number, count: number): ProfileEntry[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, selfMs]) => ({
      name,
      selfMs: Math.round(selfMs),
      share: Math.round((selfMs / totalMs) * 1000) / 10,
    }));
}

/** Milliseconds per profile node, counting only samples taken at or after `fromUs` (the measured loop). */
function loopHits(
  profile: { samples: number[]; timeDeltas: number[]; startTime: number },
  fromUs: number,
): Map<number, number> {
  const hits = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= fromUs) hits.set(id, (hits.get(id) ?? 0) + delta / 1000);
  });
  return hits;
}

/** Profiles `iterations` licences in a child process writing its profile into `dir`. */
export async function profileSealing(dir: string, iterations: number): Promise<ProfileSummary> {
  const { stdout } = await run(
    process.execPath,
    ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', path.join(root, 'bench', 'profile-target.ts')],
    { cwd: root, env: { ...process.env, PROFILE_ITERATIONS: String(iterations), NODE_NO_WARNINGS: '1' } },
  );
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('node --cpu-prof wrote no profile');
  const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as {
    nodes: ProfileNode[];
    startTime: number;
    endTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const hits = loopHits(profile, Number(/PROFILE_LOOP_START_US=(\d+)/.exec(stdout)?.[1] ?? 0));
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  let totalMs = 0;
  for (const node of profile.nodes) {
    const ms = hits.get(node.id) ?? 0;
    if (ms === 0 || node.callFrame.functionName === '(idle)') continue;
    totalMs += ms;
    const where = moduleOf(node.callFrame.url);
    const fn = `${node.callFrame.functionName || '(anonymous)'} — ${where}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byModule.set(where, (byModule.get(where) ?? 0) + ms);
  }
  return {
    iterations,
    sampledMs: Math.round(totalMs),
    topFunctions: top(byFunction, totalMs, 15),
    topModules: top(byModule, totalMs, 12),
  };
}
