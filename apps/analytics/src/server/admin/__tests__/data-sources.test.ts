import { openAppDatabase } from "@embed/db";
import { createScratchPostgres, type ScratchPostgres } from "@embed/testing/scratch-postgres";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeOnAppDatabases } from "~/__tests__/support/app-database-suite";
import { visibleMetadata } from "../../content/metadata";
import { closeWarehouse, getWarehouse } from "../../warehouse/warehouses";
import {
  createDataSource,
  deleteDataSource,
  getDataSource,
  testDataSourceConnection,
  updateColumn,
  updateDataSource,
  updateTable,
} from "../data-sources";
import { SYNC_STALE_AFTER_MS, startDataSourceSync, syncDataSource } from "../sync-data-source";

/** Runs DDL on the scratch warehouse, one statement at a time (`;`-separated). */
async function onWarehouse(url: string, sql: string) {
  const client = await openAppDatabase({ databaseUrl: url, dataDir: "unused" });
  try {
    for (const statement of sql.split(";").filter((part) => part.trim() !== "")) {
      await client.prisma.$executeRawUnsafe(statement);
    }
  } finally {
    await client.close();
  }
}

/** The URL with a user and password the server does not know: refused credentials. */
function withCredentials(url: string, user: string, password: string) {
  const changed = new URL(url);
  changed.username = user;
  changed.password = password;
  return changed.toString();
}

describeOnAppDatabases("the data-source service", "data-sources", (database) => {
  let warehouse: ScratchPostgres;
  let actor: number;
  const opened: number[] = [];

  beforeAll(async () => {
    warehouse = await createScratchPostgres("i11-data-sources-warehouse");
    await onWarehouse(
      warehouse.url,
      `CREATE TABLE accounts (account_id integer PRIMARY KEY, name text, secret_note text);
       CREATE TABLE orders (order_id integer PRIMARY KEY, account_id integer REFERENCES accounts, amount numeric);
       INSERT INTO accounts VALUES (1, 'Acme', 'x'), (2, 'Globex', 'y');`,
    );
    actor = (
      await database().prisma.user.create({ data: { email: "root@example.com", isAdmin: true } })
    ).id;
  }, 120_000);

  afterAll(async () => {
    for (const id of opened) closeWarehouse(id);
    await warehouse?.teardown();
  }, 60_000);

  async function create(name: string) {
    const source = await createDataSource({ name, url: warehouse.url }, actor);
    opened.push(source.id);
    return source;
  }

  it("tests a connection without storing anything", async () => {
    const { prisma } = database();
    expect(await testDataSourceConnection({ url: warehouse.url })).toEqual({
      ok: true,
      tables: 2,
      engine: "postgres",
    });
    expect(await prisma.dataSource.count()).toBe(0);
    expect(await prisma.syncedTable.count()).toBe(0);
  });

  it("refuses wrong credentials with a readable reason that neither answers nor logs the password", async () => {
    if (warehouse.backend !== "postgres") return; // PGlite over a socket accepts any user.
    const password = "wrong-hunter2-i11";
    const logged: string[] = [];
    const capture = (...args: unknown[]) => logged.push(args.map(String).join(" "));
    const error = vi.spyOn(console, "error").mockImplementation(capture);
    const log = vi.spyOn(console, "log").mockImplementation(capture);
    const warn = vi.spyOn(console, "warn").mockImplementation(capture);
    try {
      const url = withCredentials(warehouse.url, "i11_no_such_role", password);
      const refusal = await testDataSourceConnection({ url }).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ code: "data_source_unreachable", status: 400 });
      const message = (refusal as { publicMessage: string }).publicMessage;
      expect(message).toMatch(/refused the credentials/);
      expect(message).not.toContain(password);
      expect(message).not.toContain("i11_no_such_role");
      // The route logs the refusal (toErrorResponse); nothing logged may carry the password.
      const { toErrorResponse } = await import("../../http/api-error");
      const response = toErrorResponse(refusal);
      expect(await response.text()).not.toContain(password);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.join("\n")).not.toContain(password);
    } finally {
      error.mockRestore();
      log.mockRestore();
      warn.mockRestore();
    }
  });

  it("renames and replaces the URL (tested first); a taken name is 409", async () => {
    const { prisma } = database();
    const first = await create("Warehouse A");
    await create("Warehouse B");
    expect((await updateDataSource(first.id, { name: "Warehouse A2" }, actor)).name).toBe(
      "Warehouse A2",
    );
    await expect(updateDataSource(first.id, { name: "Warehouse B" }, actor)).rejects.toMatchObject({
      code: "conflict",
      status: 409,
    });
    const before = await prisma.dataSource.findUniqueOrThrow({ where: { id: first.id } });
    const unreachable = withCredentials(warehouse.url, "root", "pw");
    const broken = new URL(unreachable);
    broken.port = "1";
    await expect(
      updateDataSource(first.id, { url: broken.toString() }, actor),
    ).rejects.toMatchObject({ code: "data_source_unreachable", status: 400 });
    const untouched = await prisma.dataSource.findUniqueOrThrow({ where: { id: first.id } });
    expect(untouched.connectionNonce).toEqual(before.connectionNonce);

    await updateDataSource(first.id, { url: warehouse.url }, actor);
    const replaced = await prisma.dataSource.findUniqueOrThrow({ where: { id: first.id } });
    expect(replaced.connectionNonce).not.toEqual(before.connectionNonce);
    expect(Buffer.from(replaced.connectionSecret ?? []).toString()).not.toContain("postgres");
    const audit = await prisma.auditEvent.findMany({ where: { type: "data_source.updated" } });
    expect(audit.map((event) => event.payload)).toEqual([
      { name: "Warehouse A2", previousName: "Warehouse A", urlReplaced: false },
      { name: "Warehouse A2", previousName: "Warehouse A2", urlReplaced: true },
    ]);
  });

  it("refuses to delete a data source questions use, naming them; deletes it once unused", async () => {
    const { prisma } = database();
    const source = await create("Used warehouse");
    const card = await prisma.card.create({
      data: {
        name: "Revenue by account",
        display: "table",
        queryKind: "structured",
        query: { source: "orders" },
        dataSourceId: source.id,
      },
    });
    const refusal = await deleteDataSource(source.id, actor).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: "data_source_in_use", status: 409 });
    expect((refusal as { publicMessage: string }).publicMessage).toMatch(
      /used by 1 question \("Revenue by account"\)/,
    );
    expect(await prisma.dataSource.count({ where: { id: source.id } })).toBe(1);

    await prisma.card.delete({ where: { id: card.id } });
    await deleteDataSource(source.id, actor);
    expect(await prisma.dataSource.count({ where: { id: source.id } })).toBe(0);
    expect(await prisma.syncedTable.count({ where: { dataSourceId: source.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { type: "data_source.deleted" } })).toBe(1);
    await expect(deleteDataSource(source.id, actor)).rejects.toMatchObject({
      code: "data_source_not_found",
    });
  });

  it("never deletes the built-in sample warehouse nor gives it a URL", async () => {
    const { prisma } = database();
    const sample = await prisma.dataSource.create({
      data: { name: "Sample", kind: "embedded_sample" },
    });
    await expect(deleteDataSource(sample.id, actor)).rejects.toMatchObject({
      code: "data_source_built_in",
      status: 409,
    });
    await expect(updateDataSource(sample.id, { url: warehouse.url }, actor)).rejects.toMatchObject({
      code: "data_source_built_in",
    });
    expect(await prisma.dataSource.count({ where: { id: sample.id } })).toBe(1);
  });

  it("refuses a second sync while one runs; a stale 'running' counts as failed and is replaced", async () => {
    const { prisma } = database();
    const source = await create("Syncing warehouse");
    await prisma.dataSource.update({
      where: { id: source.id },
      data: { syncStatus: "running", syncStartedAt: new Date() },
    });
    await expect(startDataSourceSync(source.id, actor)).rejects.toMatchObject({
      code: "sync_in_progress",
      status: 409,
    });
    await expect(syncDataSource(source.id, actor)).rejects.toMatchObject({
      code: "sync_in_progress",
    });
    await expect(deleteDataSource(source.id, actor)).rejects.toMatchObject({
      code: "sync_in_progress",
    });

    await prisma.dataSource.update({
      where: { id: source.id },
      data: { syncStartedAt: new Date(Date.now() - SYNC_STALE_AFTER_MS - 60_000) },
    });
    expect((await getDataSource(source.id)).sync).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/stopped without finishing/),
    });
    const result = await syncDataSource(source.id, actor);
    expect(result.summary.tablesAdded).toEqual([]);
    expect((await getDataSource(source.id)).sync).toMatchObject({
      status: "idle",
      tablesDone: 2,
      tablesTotal: 2,
      error: null,
    });
  });

  it("runs a started sync in the background and records its progress and summary", async () => {
    const source = await create("Background warehouse");
    await onWarehouse(
      warehouse.url,
      "CREATE TABLE IF NOT EXISTS regions (region text PRIMARY KEY)",
    );
    const started = await startDataSourceSync(source.id, actor);
    expect(started.sync.status).toBe("running");
    let sync = (await getDataSource(source.id)).sync;
    for (let attempt = 0; sync.status === "running" && attempt < 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      sync = (await getDataSource(source.id)).sync;
    }
    expect(sync).toMatchObject({ status: "idle", tablesDone: 3, tablesTotal: 3, error: null });
    expect(sync.summary?.tablesAdded).toEqual(["regions"]);
    await onWarehouse(warehouse.url, "DROP TABLE regions");
  });

  it("keeps an administrator's names, types and hiding across a re-sync, even of a table that vanished and came back", async () => {
    const source = await create("Curated warehouse");
    const detail = await getDataSource(source.id);
    // Reading the schema on create counts as the first sync.
    expect([...(detail.sync.summary?.tablesAdded ?? [])].sort()).toEqual(["accounts", "orders"]);
    const accounts = detail.tables.find((t) => t.name === "accounts");
    const orders = detail.tables.find((t) => t.name === "orders");
    const note = accounts?.columns.find((c) => c.name === "secret_note");
    const name = accounts?.columns.find((c) => c.name === "name");
    if (!accounts || !orders || !note || !name) throw new Error("the warehouse was not synced");

    await updateTable(accounts.id, { displayName: "Customers", description: "Who pays" }, actor);
    await updateTable(orders.id, { visible: false }, actor);
    await updateColumn(name.id, { displayName: "Customer name", semanticType: "category" }, actor);
    await updateColumn(note.id, { visible: false }, actor);

    // Orders vanishes and comes back: the sync shows it again only if the admin had not hidden it.
    await onWarehouse(warehouse.url, "ALTER TABLE orders RENAME TO orders_gone");
    const hidden = await syncDataSource(source.id, actor);
    expect(hidden.summary.tablesHidden).toEqual(["orders"]);
    await onWarehouse(warehouse.url, "ALTER TABLE orders_gone RENAME TO orders");
    const restored = await syncDataSource(source.id, actor);
    expect(restored.summary.tablesRestored).toEqual(["orders"]);

    const after = await getDataSource(source.id);
    const accountsAfter = after.tables.find((t) => t.id === accounts.id);
    expect(accountsAfter).toMatchObject({
      displayName: "Customers",
      description: "Who pays",
      visible: true,
    });
    expect(after.tables.find((t) => t.id === orders.id)).toMatchObject({
      visible: false,
      hiddenByAdmin: true,
      missingFromWarehouse: false,
    });
    expect(accountsAfter?.columns.find((c) => c.id === name.id)).toMatchObject({
      displayName: "Customer name",
      semanticType: "category",
      visible: true,
    });
    expect(accountsAfter?.columns.find((c) => c.id === note.id)?.visible).toBe(false);

    // Shown again by the admin: visible, since the warehouse has it.
    expect((await updateTable(orders.id, { visible: true }, actor)).visible).toBe(true);
    await expect(updateTable(999_999, { visible: true }, actor)).rejects.toMatchObject({
      code: "table_not_found",
    });
    await expect(updateColumn(999_999, { visible: true }, actor)).rejects.toMatchObject({
      code: "column_not_found",
    });
  });

  it("leaves a hidden column out of the metadata pickers read, and keeps it queryable", async () => {
    const source = await create("Metadata warehouse");
    const detail = await getDataSource(source.id);
    const note = detail.tables
      .find((t) => t.name === "accounts")
      ?.columns.find((c) => c.name === "secret_note");
    if (!note) throw new Error("the warehouse was not synced");
    await updateColumn(note.id, { visible: false }, actor);

    const described = await getWarehouse(source.id, null);
    expect(described.hiddenColumns).toEqual(["accounts.secret_note"]);
    const policy = {
      tables: { accounts: { level: "full" as const }, orders: { level: "full" as const } },
    };
    const shown = visibleMetadata(described.metadata, policy, described.hiddenColumns);
    const accounts = shown.tables.find((t) => t.name === "accounts");
    expect(accounts?.columns.map((c) => c.name)).toEqual(["account_id", "name"]);
    // Presentation only: the compiler still knows the column.
    expect(
      described.metadata.tables.find((t) => t.name === "accounts")?.columns.map((c) => c.name),
    ).toContain("secret_note");
  });
});
