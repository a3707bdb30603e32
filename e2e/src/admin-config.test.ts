import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, api, type ErrorBody } from "./support/api";
import { sessionFor } from "./support/identities";

/**
 * Policy as code through real HTTP: the configuration exported as one JSON document, imported
 * back (all or nothing), and round-tripped. The demo's own entries are never changed: the
 * mutations add a group, policies and content of their own.
 */
type OnTable = { group: string; dataSource: string; table: string };
type ConfigDocument = {
  version: number;
  groups: Array<{ name: string; description: string | null }>;
  groupMappings: Array<{ group: string; attribute: string; value: string }>;
  tablePermissions: Array<OnTable & { level: string }>;
  rowPolicies: Array<
    OnTable &
      (
        | { kind: "column_attribute"; column: string; attribute: string }
        | { kind: "sql_view"; sql: string }
      )
  >;
  columnPolicies: Array<OnTable & { visibleColumns: string[] }>;
  nativeGrants: Array<{ group: string; dataSource: string }>;
  collections: Array<{
    entityId: string;
    name: string;
    description: string | null;
    parent: string | null;
  }>;
  cards: Array<{
    entityId: string;
    name: string;
    description: string | null;
    collection: string | null;
    display: string;
    dataSource: string;
    queryKind: string;
    query: unknown;
    visualizationSettings: Record<string, unknown>;
    guestEmbeddingEnabled?: boolean;
  }>;
  dashboards: Array<{
    entityId: string;
    name: string;
    description: string | null;
    collection: string | null;
    parameters: Array<Record<string, unknown>>;
    guestEmbeddingEnabled?: boolean;
    cards: Array<{
      entityId: string;
      card: string;
      x: number;
      y: number;
      w: number;
      h: number;
      titleOverride: string | null;
      parameterMappings: Array<{ parameterId: string; target: { column: string } }>;
    }>;
  }>;
};
type ImportAnswer = {
  changed: boolean;
  summary: Record<string, { created: number; updated: number; deleted: number }>;
};
type Result = { columns: Array<{ name: string }>; rows: unknown[][] };

const run = Date.now();
const GROUP = `Config auditors ${run}`;
const ROLE = `config-auditor-${run}`;
const COLLECTION = `cfg-collection-${run}`;
const CARD = `cfg-card-${run}`;
const DASHBOARD = `cfg-dashboard-${run}`;

let admin: string;

beforeAll(async () => {
  admin = await adminToken();
});

afterAll(async () => {
  // The imported content, by the ids the admin API knows it under.
  const { json } = await api<{ dashboards: Array<{ id: number; entityId: string }> }>(
    "/api/admin/dashboards",
    { token: admin },
  );
  for (const dashboard of json.dashboards.filter((d) => d.entityId === DASHBOARD)) {
    await api(`/api/admin/dashboards/${dashboard.id}`, { method: "DELETE", token: admin });
  }
  const cards = await api<{ cards: Array<{ id: number; entityId: string }> }>("/api/admin/cards", {
    token: admin,
  });
  for (const card of cards.json.cards.filter((c) => c.entityId === CARD)) {
    await api(`/api/admin/cards/${card.id}`, { method: "DELETE", token: admin });
  }
  const collections = await api<{ collections: Array<{ id: number; entityId: string }> }>(
    "/api/admin/collections",
    {
      token: admin,
    },
  );
  for (const collection of collections.json.collections.filter((c) => c.entityId === COLLECTION)) {
    await api(`/api/admin/collections/${collection.id}`, { method: "DELETE", token: admin });
  }
});

const exportConfig = async () => {
  const { status, json } = await api<ConfigDocument>("/api/admin/config", { token: admin });
  expect(status).toBe(200);
  return json;
};
const importConfig = (document: unknown) =>
  api<ImportAnswer & ErrorBody>("/api/admin/config", {
    method: "PUT",
    token: admin,
    body: document,
  });

/** Every list in a stable order, so documents compare regardless of where entries were added. */
function normalized(document: ConfigDocument): ConfigDocument {
  const sort = <T>(items: T[]) =>
    [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return {
    ...document,
    groups: sort(document.groups),
    groupMappings: sort(document.groupMappings),
    tablePermissions: sort(document.tablePermissions),
    rowPolicies: sort(document.rowPolicies),
    columnPolicies: sort(document.columnPolicies),
    nativeGrants: sort(document.nativeGrants),
    collections: sort(document.collections),
    cards: sort(document.cards),
    dashboards: sort(document.dashboards.map((d) => ({ ...d, cards: sort(d.cards) }))),
  };
}

/** Numeric ids anywhere: keys `id` or `…Id` holding a number. */
function numericIds(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => numericIds(item, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) =>
      (key === "id" || key.endsWith("Id")) && typeof item === "number"
        ? [`${path}.${key}`]
        : numericIds(item, `${path}.${key}`),
    );
  }
  return [];
}

const unchangedSummary = expect.objectContaining({
  groups: { created: 0, updated: 0, deleted: 0 },
  tablePermissions: { created: 0, updated: 0, deleted: 0 },
  rowPolicies: { created: 0, updated: 0, deleted: 0 },
  cards: { created: 0, updated: 0, deleted: 0 },
  dashboardCards: { created: 0, updated: 0, deleted: 0 },
});

describe("policy as code", () => {
  it("exports one document with names and entityIds, never numeric ids or secrets", async () => {
    const document = await exportConfig();
    expect(document.version).toBe(1);
    expect(document.groups).toContainEqual(expect.objectContaining({ name: "Tenants" }));
    expect(document.groups.some((g) => g.name === "Administrators")).toBe(false);
    expect(document.groupMappings).toContainEqual({
      group: "Tenants",
      attribute: "role",
      value: "tenant",
    });
    expect(document.tablePermissions).toContainEqual({
      group: "Tenants",
      dataSource: "Sample warehouse",
      table: "accounts",
      level: "sandboxed",
    });
    expect(document.rowPolicies).toContainEqual({
      group: "Customers",
      dataSource: "Sample warehouse",
      table: "orders",
      kind: "column_attribute",
      column: "account_id",
      attribute: "primary_id",
    });
    const overview = document.dashboards.find((d) => d.name === "Account overview");
    expect(overview?.cards).toHaveLength(6);
    expect(numericIds(document)).toEqual([]);
    expect(JSON.stringify(document)).not.toMatch(/postgres:\/\/|secret|password|nonce/i);
  });

  it("imports an unchanged export without changing anything", async () => {
    const before = await exportConfig();
    const { status, json } = await importConfig(before);
    expect(status).toBe(200);
    expect(json.changed).toBe(false);
    expect(json.summary).toEqual(unchangedSummary);
    expect(await exportConfig()).toEqual(before);
  });

  it("round-trips: export, mutate, import, export again equals the mutated document", async () => {
    const original = await exportConfig();
    const mutated: ConfigDocument = structuredClone(original);
    const sample = "Sample warehouse";
    mutated.groups.push({ name: GROUP, description: "Made by the config test" });
    mutated.groupMappings.push({ group: GROUP, attribute: "role", value: ROLE });
    mutated.tablePermissions.push(
      { group: GROUP, dataSource: sample, table: "accounts", level: "sandboxed" },
      { group: GROUP, dataSource: sample, table: "orders", level: "full" },
    );
    mutated.rowPolicies.push({
      group: GROUP,
      dataSource: sample,
      table: "accounts",
      kind: "sql_view",
      sql: "SELECT * FROM accounts WHERE tenant_id::text = {{primary_id}}",
    });
    mutated.columnPolicies.push({
      group: GROUP,
      dataSource: sample,
      table: "accounts",
      visibleColumns: ["account_id", "tenant_id", "status"],
    });
    mutated.nativeGrants.push({ group: GROUP, dataSource: sample });
    mutated.collections.push({
      entityId: COLLECTION,
      name: `Config ${run}`,
      description: null,
      parent: null,
    });
    mutated.cards.push({
      entityId: CARD,
      name: `Config accounts ${run}`,
      description: "imported",
      collection: COLLECTION,
      display: "table",
      dataSource: sample,
      queryKind: "structured",
      query: { source: "accounts", orderBy: [["asc", "account_id"]] },
      visualizationSettings: { compact: true },
      guestEmbeddingEnabled: false,
    });
    mutated.dashboards.push({
      entityId: DASHBOARD,
      name: `Config dashboard ${run}`,
      description: null,
      collection: COLLECTION,
      parameters: [{ id: "st", slug: "status", name: "Status", type: "category" }],
      guestEmbeddingEnabled: false,
      cards: [
        {
          entityId: `${DASHBOARD}-accounts`,
          card: CARD,
          x: 0,
          y: 0,
          w: 24,
          h: 8,
          titleOverride: "Accounts",
          parameterMappings: [{ parameterId: "st", target: { column: "status" } }],
        },
      ],
    });

    const first = await importConfig(mutated);
    expect(first.status).toBe(200);
    expect(first.json.changed).toBe(true);
    expect(first.json.summary.groups?.created).toBe(1);
    expect(first.json.summary.tablePermissions?.created).toBe(2);
    expect(normalized(await exportConfig())).toEqual(normalized(mutated));

    // The imported policy is in force for a member: their tenant's rows, their columns only.
    const member = await sessionFor({ role: ROLE, primary_id: 999 }, `config-${run}@e2e.test`);
    const { json } = await api<Result>("/api/dataset", {
      token: member,
      body: { source: "accounts", orderBy: [["asc", "account_id"]] },
    });
    expect(json.columns.map((c) => c.name)).toEqual(["account_id", "tenant_id", "status"]);
    expect(json.rows.map((row) => row[0])).toEqual([1, 2, 3]);

    // Mutate again: a listed group ends up with exactly the document's entries.
    const second: ConfigDocument = structuredClone(mutated);
    second.tablePermissions = second.tablePermissions.filter(
      (p) => !(p.group === GROUP && p.table === "orders"),
    );
    second.nativeGrants = second.nativeGrants.filter((g) => g.group !== GROUP);
    second.columnPolicies = second.columnPolicies.map((p) =>
      p.group === GROUP ? { ...p, visibleColumns: ["account_id", "plan"] } : p,
    );
    const dashboard = second.dashboards.find((d) => d.entityId === DASHBOARD);
    if (dashboard) {
      dashboard.name = `Renamed config dashboard ${run}`;
      dashboard.cards.push({
        entityId: `${DASHBOARD}-again`,
        card: CARD,
        x: 0,
        y: 8,
        w: 12,
        h: 4,
        titleOverride: null,
        parameterMappings: [],
      });
    }
    const again = await importConfig(second);
    expect(again.status).toBe(200);
    expect(again.json.summary).toMatchObject({
      tablePermissions: { created: 0, updated: 0, deleted: 1 },
      nativeGrants: { created: 0, updated: 0, deleted: 1 },
      columnPolicies: { created: 0, updated: 1, deleted: 0 },
      dashboards: { created: 0, updated: 1, deleted: 0 },
      dashboardCards: { created: 1, updated: 0, deleted: 0 },
    });
    expect(normalized(await exportConfig())).toEqual(normalized(second));
    const { json: after } = await api<Result>("/api/dataset", {
      token: member,
      body: { source: "accounts", orderBy: [["asc", "account_id"]] },
    });
    expect(after.columns.map((c) => c.name)).toEqual(["account_id", "plan"]);

    // And once more unchanged: nothing to do.
    const idle = await importConfig(await exportConfig());
    expect(idle.json.changed).toBe(false);
  });

  it("refuses an unknown reference with the JSON path of the first problem, and changes nothing", async () => {
    const before = await exportConfig();
    const broken = (edit: (document: ConfigDocument) => void) => {
      const document: ConfigDocument = structuredClone(before);
      // A valid change first: it must not be applied either.
      document.groups.push({ name: `Never imported ${run}`, description: null });
      edit(document);
      return document;
    };
    const cases: Array<[(document: ConfigDocument) => void, string]> = [
      [
        (d) =>
          d.tablePermissions.push({
            group: "Tenants",
            dataSource: "Sample warehouse",
            table: "no_such_table",
            level: "full",
          }),
        `$.tablePermissions[${before.tablePermissions.length}].table`,
      ],
      [
        (d) => d.groupMappings.push({ group: "No such group", attribute: "role", value: "x" }),
        `$.groupMappings[${before.groupMappings.length}].group`,
      ],
      [
        (d) =>
          d.columnPolicies.push({
            group: "Tenants",
            dataSource: "Sample warehouse",
            table: "accounts",
            visibleColumns: ["account_id", "no_such_column"],
          }),
        `$.columnPolicies[${before.columnPolicies.length}].visibleColumns[1]`,
      ],
      [
        (d) => d.nativeGrants.push({ group: "Tenants", dataSource: "No such warehouse" }),
        `$.nativeGrants[${before.nativeGrants.length}].dataSource`,
      ],
      [
        (d) => {
          const card = d.cards[0];
          if (card) card.query = { source: "accounts", filters: [["=", "no_such_column", 1]] };
        },
        "$.cards[0].query",
      ],
      [
        (d) => {
          const dashcard = d.dashboards.find((x) => x.cards.length > 0)?.cards[0];
          if (dashcard) dashcard.card = "no-such-card";
        },
        `$.dashboards[${before.dashboards.findIndex((x) => x.cards.length > 0)}].cards[0].card`,
      ],
      [
        (d) => d.groups.push({ name: "Administrators", description: null }),
        `$.groups[${before.groups.length + 1}].name`,
      ],
      [(d) => Object.assign(d, { version: 2 }), "$.version"],
      [(d) => Object.assign(d, { secrets: [] }), "$"],
    ];
    for (const [edit, path] of cases) {
      const { status, json } = await importConfig(broken(edit));
      expect([status, json.error?.code], path).toEqual([400, "invalid_config"]);
      expect(json.error.message, path).toContain(`at ${path}:`);
    }
    expect(await exportConfig()).toEqual(before);
    const { json } = await api<{ groups: Array<{ name: string }> }>("/api/admin/groups", {
      token: admin,
    });
    expect(json.groups.some((g) => g.name === `Never imported ${run}`)).toBe(false);
  });
});
