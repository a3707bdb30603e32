import type { SemanticType } from "../generated/prisma/enums.js";

// The demo warehouse's shape, as agreed with @embed/sample-data (which generates the rows).
// The seed registers this metadata directly; real syncing from the database comes later.
// Changing it means changing the generator too.

export interface DemoColumn {
  name: string;
  displayName: string;
  databaseType: string;
  semanticType: SemanticType;
  isPrimaryKey?: boolean;
  /** `table.column` this column references. */
  references?: string;
}

export interface DemoTable {
  name: string;
  displayName: string;
  columns: DemoColumn[];
}

export const DEMO_WAREHOUSE_SCHEMA = "public";

export const DEMO_TABLES: DemoTable[] = [
  {
    name: "accounts",
    displayName: "Accounts",
    columns: [
      {
        name: "account_id",
        displayName: "Account ID",
        databaseType: "integer",
        semanticType: "id",
        isPrimaryKey: true,
      },
      { name: "tenant_id", displayName: "Tenant ID", databaseType: "integer", semanticType: "id" },
      { name: "name", displayName: "Name", databaseType: "text", semanticType: "text" },
      { name: "plan", displayName: "Plan", databaseType: "text", semanticType: "category" },
      { name: "status", displayName: "Status", databaseType: "text", semanticType: "category" },
      {
        name: "created_at",
        displayName: "Created at",
        databaseType: "timestamp with time zone",
        semanticType: "date",
      },
    ],
  },
  {
    name: "orders",
    displayName: "Orders",
    columns: [
      {
        name: "order_id",
        displayName: "Order ID",
        databaseType: "bigint",
        semanticType: "id",
        isPrimaryKey: true,
      },
      { name: "tenant_id", displayName: "Tenant ID", databaseType: "integer", semanticType: "id" },
      {
        name: "account_id",
        displayName: "Account ID",
        databaseType: "integer",
        semanticType: "id",
        references: "accounts.account_id",
      },
      {
        name: "ordered_at",
        displayName: "Ordered at",
        databaseType: "timestamp with time zone",
        semanticType: "date",
      },
      { name: "status", displayName: "Status", databaseType: "text", semanticType: "category" },
      {
        name: "amount",
        displayName: "Amount",
        databaseType: "numeric(12,2)",
        semanticType: "number",
      },
      { name: "items", displayName: "Items", databaseType: "integer", semanticType: "number" },
    ],
  },
  {
    name: "invoices",
    displayName: "Invoices",
    columns: [
      {
        name: "invoice_id",
        displayName: "Invoice ID",
        databaseType: "bigint",
        semanticType: "id",
        isPrimaryKey: true,
      },
      { name: "tenant_id", displayName: "Tenant ID", databaseType: "integer", semanticType: "id" },
      {
        name: "account_id",
        displayName: "Account ID",
        databaseType: "integer",
        semanticType: "id",
        references: "accounts.account_id",
      },
      { name: "issued_at", displayName: "Issued at", databaseType: "date", semanticType: "date" },
      { name: "due_at", displayName: "Due at", databaseType: "date", semanticType: "date" },
      { name: "paid_at", displayName: "Paid at", databaseType: "date", semanticType: "date" },
      {
        name: "amount",
        displayName: "Amount",
        databaseType: "numeric(12,2)",
        semanticType: "number",
      },
      { name: "status", displayName: "Status", databaseType: "text", semanticType: "category" },
    ],
  },
  {
    name: "usage_events",
    displayName: "Usage events",
    columns: [
      {
        name: "event_id",
        displayName: "Event ID",
        databaseType: "bigint",
        semanticType: "id",
        isPrimaryKey: true,
      },
      { name: "tenant_id", displayName: "Tenant ID", databaseType: "integer", semanticType: "id" },
      {
        name: "account_id",
        displayName: "Account ID",
        databaseType: "integer",
        semanticType: "id",
        references: "accounts.account_id",
      },
      {
        name: "occurred_at",
        displayName: "Occurred at",
        databaseType: "timestamp with time zone",
        semanticType: "date",
      },
      {
        name: "event_type",
        displayName: "Event type",
        databaseType: "text",
        semanticType: "category",
      },
      {
        name: "quantity",
        displayName: "Quantity",
        databaseType: "integer",
        semanticType: "number",
      },
    ],
  },
];
