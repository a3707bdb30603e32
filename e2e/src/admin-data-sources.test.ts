import { generateSampleWarehouse } from "@embed/sample-data";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, api, type ErrorBody } from "./support/api";
import { identitySession } from "./support/identities";
import { postgresAnswers } from "./support/postgres";

/**
 * Data sources through real HTTP: registering a PostgreSQL warehouse (a scratch database created
 * and dropped here), syncing it and the embedded sample, and never showing a connection URL.
 */
type DataSource = {
  id: number;
  name: string;
  kind: string;
  engine: string;
  syncedAt: string | null;
  tableCount: number;
};
type Detail = DataSource & {
  tables: Array<{
    id: number;
    name: string;
    visible: boolean;
    columns: Array<{
      id: number;
      name: string;
      foreignKey: { table: string; column: string } | null;
    }>;
  }>;
};
type Sync = {
  syncedAt: string;
  summary: {
    tablesAdded: string[];
    tablesHidden: string[];
    columnsAdded: number;
    columnsRemoved: string[];
  };
};
type Result = { columns: Array<{ name: string }>; rows: unknown[][]; rowCount: number };

const run = Date.now();
const POSTGRES_ADMIN_URL =
  process.env.EMBED_TEST_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres";
const SCRATCH_DB = `embed_e2e_admin_${run}`;
const scratchUrl = (() => {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${SCRATCH_DB}`;
  return url.toString();
})();

async function onPostgres(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function expectError(response: { status: number; json: unknown }, status: number, code: string) {
  expect([response.status, (response.json as ErrorBody | undefined)?.error?.code]).toEqual([
    status,
    code,
  ]);
}

const hasPostgres = await postgresAnswers(POSTGRES_ADMIN_URL, {
  suite: "admin-data-sources",
  skipped: "the PostgreSQL data source test is skipped",
});

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

describe("the embedded sample data source", () => {
  it("is listed with its kind, engine, sync state and table count, and no secret", async () => {
    const { status, json, headers } = await api<{ dataSources: DataSource[] }>(
      "/api/admin/data-sources",
      { token: admin },
    );
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(json.dataSources[0]).toMatchObject({
      id: 1,
      kind: "embedded_sample",
      engine: "postgres",
    });
    expect(json.dataSources[0]?.tableCount).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(json)).not.toMatch(/connection|secret|nonce|postgres:\/\//i);
  });

  it("re-syncs in place: table and column ids survive, and the demo keeps working", async () => {
    const before = await api<Detail>("/api/admin/data-sources/1", { token: admin });
    const synced = await api<Sync>("/api/admin/data-sources/1/sync?wait=true", {
      token: admin,
      body: {},
    });
    expect(synced.status).toBe(200);
    expect(synced.json.summary.tablesHidden).toEqual([]);
    expect(synced.json.summary.columnsRemoved).toEqual([]);
    const after = await api<Detail>("/api/admin/data-sources/1", { token: admin });
    for (const table of before.json.tables) {
      const same = after.json.tables.find((t) => t.name === table.name);
      expect(same?.id).toBe(table.id);
      expect(same?.columns.map((c) => [c.name, c.id])).toEqual(
        table.columns.map((c) => [c.name, c.id]),
      );
    }
    const orders = after.json.tables.find((t) => t.name === "orders");
    expect(orders?.columns.find((c) => c.name === "account_id")?.foreignKey).toEqual({
      columnId: expect.any(Number),
      table: "accounts",
      column: "account_id",
    });
    expect(new Date(synced.json.syncedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const tenant = await identitySession("tenant999");
    const { json } = await api<Result>("/api/dataset", {
      token: tenant,
      body: { source: "accounts", orderBy: [["asc", "account_id"]] },
    });
    expect(json.rows.map((row) => row[0])).toEqual([1, 2, 3]);
  });

  it("refuses unknown data sources", async () => {
    expectError(
      await api("/api/admin/data-sources/99999/sync", { token: admin, body: {} }),
      404,
      "data_source_not_found",
    );
    expectError(
      await api("/api/admin/data-sources/99999", { token: admin }),
      404,
      "data_source_not_found",
    );
  });
});

describe("a PostgreSQL data source", () => {
  let dataSourceId: number | undefined;

  beforeAll(async () => {
    if (!hasPostgres) return;
    await onPostgres(POSTGRES_ADMIN_URL, `CREATE DATABASE ${SCRATCH_DB}`);
    await generateSampleWarehouse({ databaseUrl: scratchUrl }, {});
  });

  afterAll(async () => {
    if (!hasPostgres) return;
    // The server keeps a pool open on it; FORCE ends those connections.
    await onPostgres(POSTGRES_ADMIN_URL, `DROP DATABASE IF EXISTS ${SCRATCH_DB} WITH (FORCE)`);
  });

  it.skipIf(!hasPostgres)(
    "is registered from its URL, stored encrypted, and never shown again",
    async () => {
      const created = await api<Detail & ErrorBody>("/api/admin/data-sources", {
        token: admin,
        body: { name: `Scratch warehouse ${run}`, url: scratchUrl },
      });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ kind: "url", engine: "postgres" });
      expect(created.json.tableCount).toBeGreaterThanOrEqual(4);
      expect(JSON.stringify(created.json)).not.toContain(SCRATCH_DB);
      dataSourceId = created.json.id;

      const list = await api<{ dataSources: DataSource[] }>("/api/admin/data-sources", {
        token: admin,
      });
      expect(list.json.dataSources.map((s) => s.id)).toContain(dataSourceId);
      expect(JSON.stringify(list.json)).not.toContain(SCRATCH_DB);
      expect(JSON.stringify(list.json)).not.toContain("postgres://");

      const detail = await api<Detail>(`/api/admin/data-sources/${dataSourceId}`, { token: admin });
      expect(JSON.stringify(detail.json)).not.toContain(SCRATCH_DB);
      const accounts = detail.json.tables.find((t) => t.name === "accounts");
      expect(accounts?.columns.map((c) => c.name)).toEqual([
        "account_id",
        "tenant_id",
        "name",
        "plan",
        "status",
        "created_at",
      ]);
      expect(detail.json.tables.map((t) => t.name)).toEqual(
        expect.arrayContaining(["accounts", "orders", "invoices", "usage_events"]),
      );

      // It answers queries, through the server's own connection.
      const { status, json } = await api<Result>(`/api/dataset?dataSourceId=${dataSourceId}`, {
        token: admin,
        body: { source: "accounts", aggregations: [["count"]] },
      });
      expect([status, json.rows]).toEqual([200, [[5]]]);

      expectError(
        await api("/api/admin/data-sources", {
          token: admin,
          body: { name: `Scratch warehouse ${run}`, url: scratchUrl },
        }),
        409,
        "conflict",
      );
    },
  );

  it.skipIf(!hasPostgres)(
    "re-syncs after the schema changed: new tables and columns appear, vanished tables are hidden, ids and permissions survive",
    async () => {
      expect(dataSourceId).toBeDefined();
      const before = await api<Detail>(`/api/admin/data-sources/${dataSourceId}`, { token: admin });
      const usageEvents = before.json.tables.find((t) => t.name === "usage_events")?.id as number;
      // A group's permission on the table about to vanish: it must survive the sync.
      const group = await api<{ id: number }>("/api/admin/groups", {
        token: admin,
        body: { name: `Scratch readers ${run}` },
      });
      const permission = await api("/api/admin/permissions", {
        method: "PUT",
        token: admin,
        body: { groupId: group.json.id, tableId: usageEvents, level: "full" },
      });
      expect(permission.status).toBe(200);

      await onPostgres(
        scratchUrl,
        "ALTER TABLE accounts ADD COLUMN region text; CREATE TABLE regions (region text PRIMARY KEY); DROP TABLE usage_events",
      );
      const synced = await api<Sync>(`/api/admin/data-sources/${dataSourceId}/sync?wait=true`, {
        token: admin,
        body: {},
      });
      expect(synced.status).toBe(200);
      expect(synced.json.summary).toMatchObject({
        tablesAdded: ["regions"],
        tablesHidden: ["usage_events"],
        columnsRemoved: [],
      });

      const after = await api<Detail>(`/api/admin/data-sources/${dataSourceId}`, { token: admin });
      for (const table of before.json.tables) {
        expect(after.json.tables.find((t) => t.name === table.name)?.id).toBe(table.id);
      }
      expect(after.json.tables.find((t) => t.name === "usage_events")?.visible).toBe(false);
      expect(
        after.json.tables.find((t) => t.name === "accounts")?.columns.map((c) => c.name),
      ).toContain("region");
      const grid = await api<{
        groups: Array<{ id: number; permissions: Array<{ tableId: number; level: string }> }>;
      }>(`/api/admin/permissions?dataSourceId=${dataSourceId}`, { token: admin });
      expect(
        grid.json.groups
          .find((g) => g.id === group.json.id)
          ?.permissions.find((p) => p.tableId === usageEvents)?.level,
      ).toBe("full");

      // The next query sees the new shape at once.
      const withRegion = await api<Result>(`/api/dataset?dataSourceId=${dataSourceId}`, {
        token: admin,
        body: { source: "accounts", limit: 1 },
      });
      expect(withRegion.json.columns.map((c) => c.name)).toContain("region");
      expectError(
        await api(`/api/dataset?dataSourceId=${dataSourceId}`, {
          token: admin,
          body: { source: "usage_events" },
        }),
        400,
        "unknown_table",
      );
    },
  );

  it.skipIf(!hasPostgres)(
    "refuses a URL that does not connect, with a clear 4xx that never repeats it",
    async () => {
      const password = `hunter2-${run}`;
      for (const [url, reason] of [
        [`postgres://root:${password}@127.0.0.1:1/nothing`, /nothing accepts connections/],
        [
          `postgres://root:${password}@127.0.0.1:5432/embed_no_such_db_${run}`,
          /database does not exist/,
        ],
      ] as const) {
        const { status, json } = await api<ErrorBody>("/api/admin/data-sources", {
          token: admin,
          body: { name: `Unreachable ${run}`, url },
        });
        expect([status, json.error.code]).toEqual([400, "data_source_unreachable"]);
        expect(json.error.message).toMatch(reason);
        expect(json.error.message).not.toContain(password);
        expect(json.error.message).not.toContain("127.0.0.1");
      }
      const list = await api<{ dataSources: DataSource[] }>("/api/admin/data-sources", {
        token: admin,
      });
      expect(list.json.dataSources.some((s) => s.name === `Unreachable ${run}`)).toBe(false);
    },
  );
});

describe("registering a data source", () => {
  it("refuses URLs that are not postgres:// with a 400 that does not repeat them", async () => {
    for (const url of [
      "mysql://root:topsecret@127.0.0.1/db",
      "not a url topsecret",
      "http://127.0.0.1:5432/topsecret",
    ]) {
      const { status, json } = await api<ErrorBody>("/api/admin/data-sources", {
        token: admin,
        body: { name: `Bad ${run}`, url },
      });
      expect([status, json.error.code]).toEqual([400, "invalid_body"]);
      expect(json.error.message).toContain("postgres://");
      expect(json.error.message).not.toContain("topsecret");
    }
    expectError(
      await api("/api/admin/data-sources", { token: admin, body: { name: "x" } }),
      400,
      "invalid_body",
    );
  });
});
