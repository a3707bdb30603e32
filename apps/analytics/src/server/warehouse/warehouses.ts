import "server-only";
import { acquirePglite, type PgliteLease } from "@embed/db";
import {
  createPostgresDriver,
  type SemanticType,
  type WarehouseDriver,
  type WarehouseMetadata,
} from "@embed/query";
import {
  type SampleWarehouseResult,
  sampleWarehouseDir,
  seedDemoWarehouse,
} from "@embed/sample-data";
import { getEnv } from "~/env";
import { sharedConfigCache } from "../cache/config-cache";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { openSecret } from "../settings/secret-box";

/** A data source ready to query: its driver, its synced metadata and its data version. */
export interface Warehouse {
  dataSourceId: number;
  driver: WarehouseDriver;
  metadata: WarehouseMetadata;
  /** Changes when the data source is re-synced: part of every result-cache key. */
  dataVersion: string;
  /**
   * `table.column` of the columns an administrator hid: left out of the metadata pickers read,
   * still known to the compiler (hiding is presentation; column policies restrict access).
   */
  hiddenColumns?: string[];
}

type DescribedWarehouse = Omit<Warehouse, "driver"> & {
  /** Changes when the connection URL is replaced, so every process reopens its driver. */
  connectionKey: string;
};

// Drivers hold connection pools (or the embedded PGlite): one per data source per process, opened
// for the connection it was opened with (`connectionKey`).
const DRIVERS = Symbol.for("embed.analytics.warehouseDrivers");
type OpenDriver = { connectionKey: string; driver: Promise<WarehouseDriver> };
type Holder = { [DRIVERS]?: Map<number, OpenDriver> };
const holder = globalThis as Holder;
holder[DRIVERS] ??= new Map();
const drivers = holder[DRIVERS];

// The embedded warehouse runs in a worker thread and speaks the PostgreSQL protocol (see
// @embed/db's acquirePglite), so its queries block that thread, not this event loop. The lease is
// held for the life of the process; its exit closes PGlite cleanly.
const EMBEDDED_LEASE = Symbol.for("embed.analytics.embeddedWarehouseLease");
const EMBEDDED_DRIVER = Symbol.for("embed.analytics.embeddedWarehouseDriver");
type EmbeddedHolder = {
  [EMBEDDED_LEASE]?: Promise<PgliteLease>;
  [EMBEDDED_DRIVER]?: Promise<WarehouseDriver>;
};
const embeddedHolder = globalThis as EmbeddedHolder;

function embeddedWarehouseLease(dataDir: string): Promise<PgliteLease> {
  if (!embeddedHolder[EMBEDDED_LEASE]) {
    const opening = acquirePglite(sampleWarehouseDir(dataDir));
    embeddedHolder[EMBEDDED_LEASE] = opening;
    opening.catch(() => {
      if (embeddedHolder[EMBEDDED_LEASE] === opening) embeddedHolder[EMBEDDED_LEASE] = undefined;
    });
  }
  return embeddedHolder[EMBEDDED_LEASE];
}

/**
 * PGlite has one session: every data source on it shares one driver with a pool of one
 * connection, whichever copy of @embed/query made it (Next.js bundles one per bundle; the lean
 * path's routes run instrumentation's): QueryError and ApiError are recognised across copies.
 */
function embeddedWarehouseDriver(dataDir: string): Promise<WarehouseDriver> {
  if (!embeddedHolder[EMBEDDED_DRIVER]) {
    const opening = embeddedWarehouseLease(dataDir).then((lease) => ({
      ...createPostgresDriver({ connectionString: lease.connectionString, poolSize: 1 }),
      close: async () => undefined,
    }));
    embeddedHolder[EMBEDDED_DRIVER] = opening;
    opening.catch(() => {
      if (embeddedHolder[EMBEDDED_DRIVER] === opening) embeddedHolder[EMBEDDED_DRIVER] = undefined;
    });
  }
  return embeddedHolder[EMBEDDED_DRIVER];
}

/**
 * Seeds the demo data into the embedded warehouse, through its worker thread: PGlite never runs
 * on this thread, where its WebAssembly memory (hundreds of MB while it loads) would stay.
 * Runs at startup, before any query, so the seed's connection is the only one.
 */
export async function seedEmbeddedWarehouse(dataDir: string): Promise<SampleWarehouseResult> {
  const lease = await embeddedWarehouseLease(dataDir);
  return seedDemoWarehouse({ databaseUrl: lease.connectionString });
}

// Metadata is read on every query and changes only when an admin re-syncs, which raises the
// configuration version (see ConfigCache).
const metadataCache = sharedConfigCache<DescribedWarehouse>("warehouseMetadata");

async function openDriver(dataSourceId: number): Promise<WarehouseDriver> {
  const { prisma } = await getAppDatabase();
  const source = await prisma.dataSource.findUnique({ where: { id: dataSourceId } });
  if (!source) throw new ApiError("not_found", 404, `There is no data source ${dataSourceId}.`);
  if (source.kind === "embedded_sample") {
    if (getEnv().EMBED_WORKERS > 1) {
      throw new ApiError(
        "warehouse_unavailable",
        503,
        `Data source "${source.name}" is the embedded sample warehouse, which runs in one process; this server runs EMBED_WORKERS > 1.`,
      );
    }
    return embeddedWarehouseDriver(getEnv().dataDir);
  }
  if (!source.connectionSecret || !source.connectionNonce) {
    throw new ApiError(
      "warehouse_unavailable",
      503,
      `Data source "${source.name}" has no connection configured.`,
    );
  }
  const connectionString = openSecret({
    ciphertext: source.connectionSecret,
    nonce: source.connectionNonce,
    encryptionKid: source.connectionEncryptionKid,
  });
  return createPostgresDriver({ connectionString, poolSize: 10 });
}

async function loadMetadata(dataSourceId: number): Promise<DescribedWarehouse> {
  const { prisma } = await getAppDatabase();
  const source = await prisma.dataSource.findUnique({
    where: { id: dataSourceId },
    include: {
      tables: {
        where: { visible: true },
        orderBy: { name: "asc" },
        include: {
          columns: {
            orderBy: { position: "asc" },
            include: {
              foreignKeyTarget: { select: { name: true, table: { select: { name: true } } } },
            },
          },
        },
      },
    },
  });
  if (!source) throw new ApiError("not_found", 404, `There is no data source ${dataSourceId}.`);
  return {
    dataSourceId,
    dataVersion: `${source.id}:${(source.syncedAt ?? source.updatedAt).toISOString()}`,
    hiddenColumns: source.tables.flatMap((table) =>
      table.columns.filter((column) => !column.visible).map((c) => `${table.name}.${c.name}`),
    ),
    // The nonce is new each time a URL is sealed: a cheap fingerprint that reveals nothing.
    connectionKey: source.connectionNonce
      ? Buffer.from(source.connectionNonce).toString("hex")
      : "",
    metadata: {
      tables: source.tables.map((table) => ({
        name: table.name,
        schema: table.schema,
        displayName: table.displayName,
        columns: table.columns.map((column) => ({
          name: column.name,
          displayName: column.displayName,
          databaseType: column.databaseType,
          semanticType: column.semanticType as SemanticType,
          // The compiler keeps rows distinct by primary key when it unites two groups' sandboxes.
          ...(column.isPrimaryKey ? { primaryKey: true } : {}),
          ...(column.foreignKeyTarget
            ? {
                foreignKey: {
                  table: column.foreignKeyTarget.table.name,
                  column: column.foreignKeyTarget.name,
                },
              }
            : {}),
        })),
      })),
    },
  };
}

/**
 * The warehouse behind a data source, opened on first use, with its synced metadata as of
 * `configVersion` (the request's; null reads the app database, as admin tools do).
 */
export async function getWarehouse(
  dataSourceId: number,
  configVersion: string | null,
): Promise<Warehouse> {
  const described = await metadataCache.get(String(dataSourceId), configVersion, () =>
    loadMetadata(dataSourceId),
  );
  let open = drivers.get(dataSourceId);
  if (open && open.connectionKey !== described.connectionKey) {
    // The URL was replaced: the old pool goes, after the queries already running on it.
    const stale = open.driver;
    stale.then((driver) => driver.close()).catch(() => undefined);
    open = undefined;
  }
  if (!open) {
    const opening: OpenDriver = {
      connectionKey: described.connectionKey,
      driver: openDriver(dataSourceId),
    };
    drivers.set(dataSourceId, opening);
    opening.driver.catch(() => {
      if (drivers.get(dataSourceId) === opening) drivers.delete(dataSourceId);
    });
    open = opening;
  }
  const { connectionKey: _, ...warehouse } = described;
  return { ...warehouse, driver: await open.driver };
}

/** Closes this process's pool on a deleted data source (other processes never query it again). */
export function closeWarehouse(dataSourceId: number): void {
  const open = drivers.get(dataSourceId);
  drivers.delete(dataSourceId);
  open?.driver.then((driver) => driver.close()).catch(() => undefined);
}
