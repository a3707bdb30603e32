import "server-only";
import { isUniqueViolation } from "@embed/db";
import {
  createPostgresDriver,
  introspectWarehouse,
  isQueryError,
  type WarehouseMetadata,
} from "@embed/query";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { sealSecret } from "../settings/secret-box";
import { ADMIN_TRANSACTION_OPTIONS } from "./lookups";
import { applyWarehouseMetadata } from "./sync-data-source";

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "postgres:" || url.protocol === "postgresql:";
  } catch {
    return false;
  }
}

// The messages never repeat the value: a connection URL may hold a password.
export const CreateDataSourceSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    url: z
      .string()
      .max(2000)
      .refine(isPostgresUrl, "must be a postgres:// or postgresql:// connection URL"),
  })
  .strict();

const CONNECT_TIMEOUT_MS = 15_000;

const dataSourceSelect = {
  id: true,
  name: true,
  engine: true,
  kind: true,
  syncedAt: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { tables: { where: { visible: true } } } },
} as const;

function toView<T extends { _count: { tables: number } }>({ _count, ...source }: T) {
  return { ...source, tableCount: _count.tables };
}

/** Data sources with their sync state. Connection secrets are never read here, let alone shown. */
export async function listDataSources() {
  const { prisma } = await getAppDatabase();
  const sources = await prisma.dataSource.findMany({
    orderBy: { id: "asc" },
    select: dataSourceSelect,
  });
  return sources.map(toView);
}

/**
 * One data source with its synced tables and columns (hidden tables too, marked): the ids that
 * permissions and policies are set with. Never the connection secret.
 */
export async function getDataSource(dataSourceId: number) {
  const { prisma } = await getAppDatabase();
  const source = await prisma.dataSource.findUnique({
    where: { id: dataSourceId },
    select: {
      ...dataSourceSelect,
      tables: {
        orderBy: [{ name: "asc" }, { id: "asc" }],
        include: {
          columns: {
            orderBy: { position: "asc" },
            include: {
              foreignKeyTarget: {
                select: { id: true, name: true, table: { select: { name: true } } },
              },
            },
          },
        },
      },
    },
  });
  if (!source) {
    throw new ApiError("data_source_not_found", 404, `There is no data source ${dataSourceId}.`);
  }
  const { tables, ...rest } = source;
  return {
    ...toView(rest),
    tables: tables.map((table) => ({
      id: table.id,
      schema: table.schema,
      name: table.name,
      displayName: table.displayName,
      visible: table.visible,
      columns: table.columns.map((column) => ({
        id: column.id,
        name: column.name,
        displayName: column.displayName,
        databaseType: column.databaseType,
        semanticType: column.semanticType,
        isPrimaryKey: column.isPrimaryKey,
        foreignKey: column.foreignKeyTarget
          ? {
              columnId: column.foreignKeyTarget.id,
              table: column.foreignKeyTarget.table.name,
              column: column.foreignKeyTarget.name,
            }
          : null,
      })),
    })),
  };
}

/**
 * Why a warehouse could not be introspected, in words that help and that never contain the URL or
 * the warehouse's own message (which may quote either).
 */
function describeConnectionFailure(error: unknown): string {
  const cause = isQueryError(error) ? error.cause : error;
  const sqlState =
    typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : "";
  if (isQueryError(error) && error.code === "query_timeout") return "it did not answer in time";
  if (sqlState === "28P01" || sqlState === "28000") return "it refused the credentials";
  if (sqlState === "3D000") return "the database does not exist";
  if (sqlState === "42501") return "the user may not read its catalog";
  if (sqlState === "ENOTFOUND" || sqlState === "EAI_AGAIN") return "the host name does not resolve";
  if (sqlState === "ECONNREFUSED") return "nothing accepts connections at that host and port";
  return "the connection failed";
}

/** Opens a throwaway connection and reads the schema: proof that the URL works, before saving. */
async function introspectUrl(url: string): Promise<WarehouseMetadata> {
  let driver: ReturnType<typeof createPostgresDriver> | undefined;
  try {
    driver = createPostgresDriver({ connectionString: url, poolSize: 2 });
    return await introspectWarehouse(driver, { timeoutMs: CONNECT_TIMEOUT_MS });
  } catch (error) {
    throw new ApiError(
      "data_source_unreachable",
      400,
      `Could not read the data source: ${describeConnectionFailure(error)}. Check the host, port, database name and credentials of the URL.`,
      { cause: error, internalMessage: "data source introspection failed" },
    );
  } finally {
    // Not awaited: a pool still waiting on an unreachable host must not hold the answer up.
    driver?.close().catch(() => undefined);
  }
}

/**
 * Registers a PostgreSQL data source: the URL is checked by introspecting the warehouse, then
 * stored encrypted (AES-256-GCM under the server key) together with the synced tables, in one
 * transaction.
 */
export async function createDataSource(
  input: z.infer<typeof CreateDataSourceSchema>,
  actorUserId: number,
) {
  const { prisma } = await getAppDatabase();
  if (await prisma.dataSource.findUnique({ where: { name: input.name } })) {
    throw new ApiError("conflict", 409, `A data source named "${input.name}" already exists.`);
  }
  // Before connecting anywhere: without a server key there is nowhere safe to keep the URL.
  const sealed = sealSecret(input.url);
  const metadata = await introspectUrl(input.url);
  try {
    return await prisma.$transaction(async (tx) => {
      const source = await tx.dataSource.create({
        data: {
          name: input.name,
          engine: "postgres",
          kind: "url",
          connectionSecret: sealed.ciphertext,
          connectionNonce: sealed.nonce,
          connectionEncryption: "aes_256_gcm",
          connectionEncryptionKid: sealed.encryptionKid,
          syncedAt: new Date(),
        },
        select: { id: true },
      });
      const summary = await applyWarehouseMetadata(tx, source.id, metadata);
      await recordAuditEvent(
        {
          type: "data_source.created",
          actorUserId,
          resourceType: "data_source",
          resourceId: source.id,
          payload: { name: input.name, engine: "postgres", tables: summary.tablesAdded },
        },
        tx,
      );
      const created = await tx.dataSource.findUniqueOrThrow({
        where: { id: source.id },
        select: dataSourceSelect,
      });
      return toView(created);
    }, ADMIN_TRANSACTION_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ApiError("conflict", 409, `A data source named "${input.name}" already exists.`);
    throw error;
  }
}
