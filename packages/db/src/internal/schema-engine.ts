// Prisma's schema engine compiled to WebAssembly, driven through a PGlite driver adapter: how
// this package creates migrations and detects drift with no native engine and no network (the
// Prisma CLI would download a native engine from Prisma's servers). Development-time only: the
// runtime migration runner does not need it.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type {
  DriverAdapterError as DriverAdapterErrorClass,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type * as SchemaEngineRuntime from "@prisma/schema-engine-wasm/schema_engine_bg";
import { MIGRATION_LOCK_FILE } from "./local-migrations.js";

type SchemaEngine = SchemaEngineRuntime.SchemaEngine;
type MigrationList = Parameters<SchemaEngine["applyMigrations"]>[0]["migrationsList"];
type SchemaContainer = { path: string; content: string };

/** No externally managed tables or enums: every object in the database belongs to the schema. */
const NO_EXTERNAL_OBJECTS = { externalTables: [], externalEnums: [] };

// Node has WebAssembly, but this package's lib setting (no DOM) does not declare it.
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, unknown>,
  ) => { exports: Record<string, unknown> };
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

const require = createRequire(import.meta.url);
let runtimePromise: Promise<typeof SchemaEngineRuntime> | undefined;

/**
 * Instantiates the WASM module by hand: the package's entry imports the `.wasm` file as an ES
 * module, which Node 20 only does behind an experimental flag.
 */
function loadRuntime(): Promise<typeof SchemaEngineRuntime> {
  runtimePromise ??= (async () => {
    const runtime = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = join(
      dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
      "schema_engine_bg.wasm",
    );
    const module = new WebAssembly.Module(await readFile(wasmPath));
    const instance = new WebAssembly.Instance(module, {
      "./schema_engine_bg.js": runtime,
    });
    runtime.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return runtime;
  })();
  return runtimePromise;
}

/**
 * pglite-prisma-adapter's factory, with one fix: its `executeScript` (0.7.2) starts the script
 * without awaiting it, so a failing script would escape as an unhandled rejection instead of
 * failing the engine call. Everything else is delegated.
 */
async function createAdapterFactory(
  pglite: PGlite,
): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const { DriverAdapterError } = await import("@prisma/driver-adapter-utils");
  const inner = new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
  const withAwaitedScripts = (adapter: SqlDriverAdapter): SqlDriverAdapter => ({
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    async executeScript(script) {
      try {
        await pglite.exec(script);
      } catch (error) {
        throw toDriverAdapterError(error, DriverAdapterError);
      }
    },
  });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => withAwaitedScripts(await inner.connect()),
    connectToShadowDb: async () => withAwaitedScripts(await inner.connectToShadowDb()),
  };
}

function toDriverAdapterError(
  error: unknown,
  DriverAdapterError: typeof DriverAdapterErrorClass,
): unknown {
  const candidate = error as { code?: unknown; message?: unknown; severity?: unknown };
  if (typeof candidate.code !== "string" || typeof candidate.message !== "string") return error;
  return new DriverAdapterError({
    kind: "postgres",
    code: candidate.code,
    severity: typeof candidate.severity === "string" ? candidate.severity : "ERROR",
    message: candidate.message,
    detail: undefined,
    column: undefined,
    hint: undefined,
  });
}

/** Runs `fn` with a schema engine connected to `pglite`; the engine is freed afterwards. */
async function withSchemaEngine<T>(
  pglite: PGlite,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const runtime = await loadRuntime();
  const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");
  const adapter = bindMigrationAwareSqlAdapterFactory(await createAdapterFactory(pglite));
  const engine = await runtime.SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

export async function readSchemaContainers(schemaPath: string): Promise<SchemaContainer[]> {
  return [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }];
}

export function toMigrationList(
  migrationsDir: string,
  migrations: { name: string; sql: string }[],
  lockfileContent: string | null,
): MigrationList {
  return {
    baseDir: migrationsDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: lockfileContent },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map(({ name, sql }) => ({
      path: name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: sql } },
    })),
  };
}

export async function readLockfile(migrationsDir: string): Promise<string | null> {
  const path = join(migrationsDir, MIGRATION_LOCK_FILE);
  return existsSync(path) ? readFile(path, "utf8") : null;
}

/**
 * The SQL that takes a database built by `migrations` to `schema`, or undefined when there is
 * nothing to do. The migrations are replayed into a throwaway in-memory PGlite database (the
 * "shadow" database) which is then diffed against the schema.
 */
export async function diffMigrationsAgainstSchema(params: {
  schemaPath: string;
  migrations: MigrationList;
}): Promise<string | undefined> {
  const { PGlite } = await import("@electric-sql/pglite");
  const shadow = new PGlite();
  try {
    await shadow.waitReady;
    const files = await readSchemaContainers(params.schemaPath);
    return await withSchemaEngine(shadow, async (engine) => {
      if (params.migrations.migrationDirectories.length > 0) {
        await engine.applyMigrations({
          migrationsList: params.migrations,
          filters: NO_EXTERNAL_OBJECTS,
        });
      }
      const result = await engine.diff({
        from: { tag: "schemaDatasource", files, configDir: dirname(params.schemaPath) },
        to: { tag: "schemaDatamodel", files },
        script: true,
        exitCode: true,
        filters: NO_EXTERNAL_OBJECTS,
      });
      // With exitCode: 0 means no difference, 2 means a non-empty diff.
      return result.exitCode === 0 || !result.stdout ? undefined : result.stdout;
    });
  } finally {
    await shadow.close();
  }
}
