import type {
  AttributeValue,
  ColumnMetadata,
  DataPolicy,
  SemanticType,
  TableAccess,
  WarehouseMetadata,
} from "../index";
import { mergeGroupPolicies } from "../index";

function column(
  name: string,
  displayName: string,
  databaseType: string,
  semanticType: SemanticType,
  extra: Partial<ColumnMetadata> = {},
): ColumnMetadata {
  return { name, displayName, databaseType, semanticType, ...extra };
}

const accountFk = { foreignKey: { table: "accounts", column: "account_id" } };

/** The demo warehouse of @embed/sample-data, as `introspectWarehouse` reads it. */
export const demoMetadata: WarehouseMetadata = {
  tables: [
    {
      name: "accounts",
      schema: "public",
      displayName: "Accounts",
      columns: [
        column("account_id", "Account ID", "integer", "id", { primaryKey: true }),
        column("tenant_id", "Tenant ID", "integer", "id"),
        column("name", "Name", "text", "text"),
        column("plan", "Plan", "text", "category"),
        column("status", "Status", "text", "category"),
        column("created_at", "Created At", "timestamp with time zone", "date"),
      ],
    },
    {
      name: "invoices",
      schema: "public",
      displayName: "Invoices",
      columns: [
        column("invoice_id", "Invoice ID", "bigint", "id", { primaryKey: true }),
        column("tenant_id", "Tenant ID", "integer", "id"),
        column("account_id", "Account ID", "integer", "id", accountFk),
        column("issued_at", "Issued At", "date", "date"),
        column("due_at", "Due At", "date", "date"),
        column("paid_at", "Paid At", "date", "date"),
        column("amount", "Amount", "numeric", "number"),
        column("status", "Status", "text", "category"),
      ],
    },
    {
      name: "orders",
      schema: "public",
      displayName: "Orders",
      columns: [
        column("order_id", "Order ID", "bigint", "id", { primaryKey: true }),
        column("tenant_id", "Tenant ID", "integer", "id"),
        column("account_id", "Account ID", "integer", "id", accountFk),
        column("ordered_at", "Ordered At", "timestamp with time zone", "date"),
        column("status", "Status", "text", "category"),
        column("amount", "Amount", "numeric", "number"),
        column("items", "Items", "integer", "number"),
      ],
    },
    {
      name: "usage_events",
      schema: "public",
      displayName: "Usage Events",
      columns: [
        column("event_id", "Event ID", "bigint", "id", { primaryKey: true }),
        column("tenant_id", "Tenant ID", "integer", "id"),
        column("account_id", "Account ID", "integer", "id", accountFk),
        column("occurred_at", "Occurred At", "timestamp with time zone", "date"),
        column("event_type", "Event Type", "text", "category"),
        column("quantity", "Quantity", "integer", "number"),
      ],
    },
  ],
};

export const DEMO_TABLES = ["accounts", "orders", "invoices", "usage_events"] as const;

/** One table's sandbox: rows where `column = value`. */
export function sandboxed(
  column: string,
  value: AttributeValue,
  visibleColumns: string[] | null = null,
): TableAccess {
  return {
    level: "sandboxed",
    rowFilters: [{ kind: "column_attribute", column, value }],
    visibleColumns,
  };
}

/** Every demo table sandboxed by `column = value`, with optional hidden columns per table. */
export function sandboxEveryTable(
  column: string,
  value: AttributeValue,
  visibleColumns: Partial<Record<string, string[]>> = {},
): DataPolicy {
  return {
    tables: Object.fromEntries(
      DEMO_TABLES.map((table) => [
        table,
        {
          level: "sandboxed",
          rowFilters: [{ kind: "column_attribute", column, value }],
          visibleColumns: visibleColumns[table] ?? null,
        },
      ]),
    ),
  };
}

export const fullAccess: DataPolicy = {
  tables: Object.fromEntries(DEMO_TABLES.map((t) => [t, { level: "full" }])),
};

/** The brief's identities: `tenant_id = {{primary_id}}` for tenants, `account_id = …` for customers. */
export const tenant999 = mergeGroupPolicies([sandboxEveryTable("tenant_id", 999)]);
export const tenant777 = mergeGroupPolicies([sandboxEveryTable("tenant_id", 777)]);
export const customer1 = mergeGroupPolicies([sandboxEveryTable("account_id", 1)]);
export const noAccess: DataPolicy = { tables: {} };

/** The accounts each demo tenant owns. */
export const ACCOUNTS_OF = { 999: [1, 2, 3], 777: [4, 5] } as const;
