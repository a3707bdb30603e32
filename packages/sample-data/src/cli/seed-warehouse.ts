import { fileURLToPath } from "node:url";
import cliProgress from "cli-progress";
import { generateSampleWarehouse, type SampleWarehouseTarget } from "../generate-sample-warehouse";
import { sampleWarehouseDir } from "../open-sample-warehouse";
import { planSampleWarehouse } from "../plan-sample-warehouse";
import { SampleDataError } from "../sample-data-error";
import { parseSeedArgs, SEED_USAGE, SeedArgsError, type SeedCommand } from "./parse-seed-args";

// The repository root's .data, wherever the command is started from.
const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../../../.data", import.meta.url));

const count = new Intl.NumberFormat("en-US");

function describeTarget(target: SampleWarehouseTarget): string {
  if ("databaseUrl" in target) {
    try {
      const url = new URL(target.databaseUrl);
      if (url.password) url.password = "***"; // never print a credential
      return url.toString();
    } catch {
      return "the given database URL";
    }
  }
  if ("dataDir" in target) return `PGlite ${sampleWarehouseDir(target.dataDir)}`;
  return "PGlite";
}

async function main(argv: readonly string[]): Promise<number> {
  let command: SeedCommand;
  try {
    command = parseSeedArgs(argv, { defaultDataDir: DEFAULT_DATA_DIR });
  } catch (error) {
    if (!(error instanceof SeedArgsError)) throw error;
    process.stderr.write(`seed:warehouse: ${error.message}\n\n${SEED_USAGE}\n`);
    return 2;
  }
  if (command.kind === "help") {
    process.stdout.write(`${SEED_USAGE}\n`);
    return 0;
  }

  const plan = planSampleWarehouse(command.options);
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        "{bar} {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {eta_formatted} | {stage}",
      hideCursor: true,
      etaBuffer: 40,
      // Outside a terminal (CI logs) print a plain line every few seconds instead of redrawing.
      noTTYOutput: true,
      notTTYSchedule: 3000,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let isBarStarted = false;
  try {
    const result = await generateSampleWarehouse(command.target, command.options, {
      onProgress: ({ phase, table, rowsWritten }) => {
        const seconds = (performance.now() - started) / 1000;
        const payload = {
          speed: count.format(seconds > 0 ? Math.round(rowsWritten / seconds) : 0),
          stage: phase === "load" ? `loading ${table}` : "building keys and indexes",
        };
        if (!isBarStarted) {
          bar.start(plan.totalRows, rowsWritten, payload);
          isBarStarted = true;
        } else {
          bar.update(rowsWritten, payload);
        }
      },
    });
    if (isBarStarted) bar.stop();
    const tables = Object.entries(result.rows)
      .map(([table, rows]) => `${table}=${count.format(rows)}`)
      .join(" ");
    const where = describeTarget(command.target);
    if (result.status === "already_seeded") {
      process.stdout.write(
        `already seeded (${tables} total=${count.format(result.totalRows)}) in ${where}\n`,
      );
    } else {
      process.stdout.write(
        `seeded ${tables} total=${count.format(result.totalRows)} rows in ${result.seconds.toFixed(2)} s (${count.format(result.rowsPerSecond)} rows/s) into ${where}\n`,
      );
    }
    return 0;
  } catch (error) {
    if (isBarStarted) bar.stop();
    if (error instanceof SampleDataError) {
      process.stderr.write(`seed:warehouse: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `seed:warehouse failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
