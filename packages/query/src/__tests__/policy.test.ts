import { describe, expect, it } from "vitest";
import { type DataPolicy, DataPolicySchema, hasSandboxedTable, mergeGroupPolicies } from "../index";
import { timestamptzToIso, toNumberIfSafe } from "../internal/type-parsers";

const tenants: DataPolicy = {
  tables: {
    accounts: {
      level: "sandboxed",
      rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: 999 }],
      visibleColumns: ["account_id", "name"],
    },
    orders: {
      level: "sandboxed",
      rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: 999 }],
      visibleColumns: null,
    },
  },
};
const customers: DataPolicy = {
  tables: {
    accounts: {
      level: "sandboxed",
      rowFilters: [
        {
          kind: "sql_view",
          sql: "SELECT * FROM accounts WHERE account_id = {{id}}",
          attributes: { id: 1 },
        },
      ],
      visibleColumns: ["account_id", "status"],
    },
    orders: {
      level: "sandboxed",
      rowFilters: [{ kind: "column_attribute", column: "account_id", value: 1 }],
      visibleColumns: ["order_id"],
    },
  },
};
const analysts: DataPolicy = { tables: { orders: { level: "full" }, invoices: { level: "full" } } };

describe("mergeGroupPolicies", () => {
  it("ORs the row filters and unites the visible columns of sandboxed groups", () => {
    const merged = mergeGroupPolicies([tenants, customers]);
    expect(merged.tables.accounts).toEqual({
      level: "sandboxed",
      rowFilters: [
        ...(tenants.tables.accounts as { rowFilters: unknown[] }).rowFilters,
        ...(customers.tables.accounts as { rowFilters: unknown[] }).rowFilters,
      ],
      visibleColumns: ["account_id", "name", "status"],
    });
    // null (all columns) in any group wins.
    expect(merged.tables.orders).toMatchObject({ level: "sandboxed", visibleColumns: null });
  });

  it("lets full access in any group win, whatever the order", () => {
    expect(mergeGroupPolicies([tenants, analysts]).tables.orders).toEqual({ level: "full" });
    expect(mergeGroupPolicies([analysts, tenants]).tables.orders).toEqual({ level: "full" });
    expect(mergeGroupPolicies([tenants, analysts]).tables.accounts?.level).toBe("sandboxed");
  });

  it("leaves a table no group lists absent, and no groups means no access", () => {
    expect(Object.keys(mergeGroupPolicies([tenants]).tables)).toEqual(["accounts", "orders"]);
    expect(mergeGroupPolicies([])).toEqual({ tables: {} });
  });

  it("does not share arrays with its inputs", () => {
    const merged = mergeGroupPolicies([tenants]);
    const access = merged.tables.accounts;
    if (access?.level !== "sandboxed") throw new Error("expected a sandbox");
    access.visibleColumns?.push("plan");
    expect((tenants.tables.accounts as { visibleColumns: string[] }).visibleColumns).toEqual([
      "account_id",
      "name",
    ]);
  });

  it("grants nothing for an unknown level", () => {
    const odd = { tables: { orders: { level: "admin" } } } as unknown as DataPolicy;
    expect(mergeGroupPolicies([odd])).toEqual({ tables: {} });
  });
});

describe("hasSandboxedTable (native SQL is refused to such viewers)", () => {
  it.each([
    [tenants, true],
    [analysts, false],
    [mergeGroupPolicies([tenants, analysts]), true],
    [{ tables: {} }, false],
  ])("%#", (policy, expected) => {
    expect(hasSandboxedTable(policy)).toBe(expected);
  });
});

describe("DataPolicySchema", () => {
  it("accepts the policies above and refuses a malformed one", () => {
    expect(
      DataPolicySchema.safeParse(mergeGroupPolicies([tenants, customers, analysts])).success,
    ).toBe(true);
    expect(DataPolicySchema.safeParse({ tables: { orders: { level: "sandboxed" } } }).success).toBe(
      false,
    );
  });
});

describe("warehouse values", () => {
  it.each([
    ["42", 42],
    ["-7", -7],
    ["9007199254740991", 9007199254740991],
    ["9007199254740993", "9007199254740993"],
    ["1234.50", 1234.5],
    ["12.3333333333333333", 12.333333333333334],
    ["123456789012345678.25", "123456789012345678.25"],
    ["NaN", "NaN"],
  ])("numeric %s → %j", (text, value) => {
    expect(toNumberIfSafe(text)).toBe(value);
  });

  it.each([
    ["2025-01-02 03:04:05+00", "2025-01-02T03:04:05.000Z"],
    ["2025-01-02 03:04:05.123456+00", "2025-01-02T03:04:05.123Z"],
    ["2025-01-02 03:04:05+05:30", "2025-01-01T21:34:05.000Z"],
    ["infinity", "infinity"],
  ])("timestamptz %s → %s", (text, iso) => {
    expect(timestamptzToIso(text)).toBe(iso);
  });
});
