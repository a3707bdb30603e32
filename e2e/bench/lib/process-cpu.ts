import { childPids, cpuSeconds } from "../../src/support/proc";

/**
 * CPU seconds (user + system) a process and its children (the analytics server's workers) have
 * used so far, from Linux's /proc; NaN elsewhere. Shows how much of each request's cost is the
 * server's own, apart from the database and the client.
 */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  return childPids(pid).reduce((total, child) => total + cpuSeconds(child), cpuSeconds(pid));
}
