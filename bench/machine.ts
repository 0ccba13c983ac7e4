/** The machine a bench ran on, recorded with the results so numbers from different hosts are not mixed. */
import os from 'node:os';

/** CPU, cores, memory and Node version. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  arch: string;
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
