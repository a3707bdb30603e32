import type { SampleTable } from "../plan-sample-warehouse";

export const META_TABLE = "_sample_data_meta";

/** `"schema"."table"`; both names are validated identifiers, quoting keeps them literal. */
export function qualified(schema: string, table: string): string {
  return `"${schema}"."${table}"`;
}

/**
 * Tables are created bare: primary keys, indexes and foreign keys come after the bulk load, which
 * builds each index once instead of updating it row by row. CHECKs are cheap per row and stay.
 */
export function createTablesSql(schema: string): string[] {
  const q = (table: string) => qualified(schema, table);
  return [
    `CREATE TABLE ${q("accounts")} (
      account_id integer NOT NULL,
      tenant_id integer NOT NULL,
      name text NOT NULL,
      plan text NOT NULL CHECK (plan IN ('Basic', 'Premium')),
      status text NOT NULL CHECK (status IN ('Active', 'Inactive')),
      created_at timestamptz NOT NULL
    )`,
    `CREATE TABLE ${q("orders")} (
      order_id bigint NOT NULL,
      tenant_id integer NOT NULL,
      account_id integer NOT NULL,
      ordered_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('placed', 'shipped', 'delivered', 'returned')),
      amount numeric(12, 2) NOT NULL,
      items integer NOT NULL
    )`,
    `CREATE TABLE ${q("invoices")} (
      invoice_id bigint NOT NULL,
      tenant_id integer NOT NULL,
      account_id integer NOT NULL,
      issued_at date NOT NULL,
      due_at date NOT NULL,
      paid_at date,
      amount numeric(12, 2) NOT NULL,
      status text NOT NULL CHECK (status IN ('paid', 'open', 'overdue'))
    )`,
    `CREATE TABLE ${q("usage_events")} (
      event_id bigint NOT NULL,
      tenant_id integer NOT NULL,
      account_id integer NOT NULL,
      occurred_at timestamptz NOT NULL,
      event_type text NOT NULL,
      quantity integer NOT NULL
    )`,
  ];
}

/** Keys, the indexes row policies and dashboards lean on, foreign keys, then fresh statistics. */
export function finishTablesSql(schema: string): string[] {
  const q = (table: string) => qualified(schema, table);
  const facts: Array<[SampleTable, string, string]> = [
    ["orders", "order_id", "ordered_at"],
    ["invoices", "invoice_id", "issued_at"],
    ["usage_events", "event_id", "occurred_at"],
  ];
  return [
    `ALTER TABLE ${q("accounts")} ADD CONSTRAINT accounts_pkey PRIMARY KEY (account_id)`,
    `CREATE INDEX accounts_tenant_id_idx ON ${q("accounts")} (tenant_id)`,
    ...facts.flatMap(([table, id, date]) => [
      `ALTER TABLE ${q(table)} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (${id})`,
      `CREATE INDEX ${table}_tenant_id_idx ON ${q(table)} (tenant_id)`,
      `CREATE INDEX ${table}_account_id_${date}_idx ON ${q(table)} (account_id, ${date})`,
      `ALTER TABLE ${q(table)} ADD CONSTRAINT ${table}_account_id_fkey FOREIGN KEY (account_id) REFERENCES ${q("accounts")} (account_id)`,
    ]),
    `ANALYZE ${q("accounts")}, ${facts.map(([table]) => q(table)).join(", ")}`,
  ];
}

export function createMetaTableSql(schema: string): string {
  return `CREATE TABLE ${qualified(schema, META_TABLE)} (
    id integer PRIMARY KEY CHECK (id = 1),
    generator_version integer NOT NULL,
    fingerprint text NOT NULL,
    options jsonb NOT NULL,
    row_counts jsonb NOT NULL
  )`;
}

/** Everything this package creates, children first; no CASCADE, so a host's views are never dropped silently. */
export function dropTablesSql(schema: string): string {
  const tables = ["usage_events", "invoices", "orders", "accounts", META_TABLE];
  return `DROP TABLE IF EXISTS ${tables.map((t) => qualified(schema, t)).join(", ")}`;
}
