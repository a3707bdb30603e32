import "server-only";
import {
  createPgliteDriver,
  createPostgresDriver,
  type SemanticType,
  type WarehouseDriver,
  type WarehouseMetadata,
} from "@embed/query";
import { openSampleWarehouse } from "@embed/sample-data";
import { getEnv } from "~/env";
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
}

// Drivers hold connection pools (or the embedded PGlite): one per data source per process.
const DRIVERS = Symbol.for("embed.analytics.warehouseDrivers");
type Holder = { [DRIVERS]?: Map<number, Promise<WarehouseDriver>> };
const holder = globalThis as Holder;
holder[DRIVERS] ??= new Map();
const drivers = holder[DRIVERS];

// Metadata is read on every query; it changes only when an admin re-syncs.
const METADATA_TTL_MS = 30_000;
const metadataCache = new Map<
  number,
  { loadedAt: number; value: Promise<Omit<Warehouse, "driver">> }
>();

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
    return createPgliteDriver(await openSampleWarehouse(getEnv().dataDir));
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

async function loadMetadata(dataSourceId: number): Promise<Omit<Warehouse, "driver">> {
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

/** The warehouse behind a data source, opened on first use. */
export async function getWarehouse(dataSourceId: number): Promise<Warehouse> {
  let driver = drivers.get(dataSourceId);
  if (!driver) {
    driver = openDriver(dataSourceId);
    drivers.set(dataSourceId, driver);
    driver.catch(() => drivers.delete(dataSourceId));
  }
  let cached = metadataCache.get(dataSourceId);
  if (!cached || Date.now() - cached.loadedAt > METADATA_TTL_MS) {
    cached = { loadedAt: Date.now(), value: loadMetadata(dataSourceId) };
    metadataCache.set(dataSourceId, cached);
    cached.value.catch(() => metadataCache.delete(dataSourceId));
  }
  const [openedDriver, described] = await Promise.all([driver, cached.value]);
  return { ...described, driver: openedDriver };
}

/** Forget cached metadata (after a sync) so the next query sees the new shape. */
export function invalidateWarehouseMetadata(dataSourceId: number): void {
  metadataCache.delete(dataSourceId);
}
