import { readFileSync } from "node:fs";

/**
 * CPU seconds (user + system) a process has used so far, from Linux's /proc; NaN elsewhere. Shows
 * how much of each request's cost is the server's own, apart from the database and the client.
 */
export function processCpuSeconds(pid: number | undefined): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks
    // (100 per second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
