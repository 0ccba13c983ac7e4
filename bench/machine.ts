/** The machine a bench ran on, recorded with the results so numbers from different hosts are not mixed. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** CPU, cores, memory and Node version. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  arch: string;
  /**
   * Share of the CPU time the hypervisor gave to other guests while the bench ran (Linux `steal` in
   * /proc/stat, all cores): the figures of runs with different steal are not comparable.
   */
  cpuStealPercent?: number;
}

/** Cumulative CPU ticks of all cores (Linux /proc/stat), or undefined where there is no /proc. */
export function cpuTicks(): { steal: number; total: number } | undefined {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1);
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    const ticks = fields.slice(0, 8).map(Number);
    return { steal: ticks[7] ?? 0, total: ticks.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/** Stolen share (percent, one decimal) between two `cpuTicks()` readings. */
export function stealPercent(
  before: ReturnType<typeof cpuTicks>,
  after: ReturnType<typeof cpuTicks>,
): number | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  return Math.round(((after.steal - before.steal) / (after.total - before.total)) * 1000) / 10;
}

/** Describes this machine. */
export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: os.platform(),
    arch: os.arch(),
  };
}
