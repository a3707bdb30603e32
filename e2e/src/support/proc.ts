import { readdirSync, readFileSync } from "node:fs";

/** A process as Linux's /proc shows it: its parent and the CPU it has used (user + system). */
function readStat(pid: number): { parent: number; cpuSeconds: number } | undefined {
  try {
    // Fields after "(command) ": state, ppid, …; utime and stime are the 12th and 13th, in
    // clock ticks (100 per second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return {
      parent: Number(fields[1]),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100,
    };
  } catch {
    return undefined;
  }
}

/** The live child processes of `pid` (the analytics server's workers), from /proc. */
export function childPids(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((candidate) => readStat(candidate)?.parent === pid);
}

/** CPU seconds a process has used so far; NaN when it is gone (or off Linux). */
export function cpuSeconds(pid: number): number {
  return readStat(pid)?.cpuSeconds ?? Number.NaN;
}

/** Whether the process still exists. */
export function isAlive(pid: number): boolean {
  return readStat(pid) !== undefined;
}
