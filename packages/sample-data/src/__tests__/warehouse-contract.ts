import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  generateSampleWarehouse,
  planSampleWarehouse,
  type SampleWarehouseOptions,
  type SampleWarehouseTarget,
} from "../index";

/** One database under test: how to seed it and how to read it back. */
export interface WarehouseUnderTest {
  target: SampleWarehouseTarget;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Checksums of the demo preset (seed 42), the same on every target: a change here means the
 * generator writes different rows, which must come with a GENERATOR_VERSION bump.
 */
export const DEMO_CHECKSUMS = {
  accounts: "f14878e0de3e03a5988fbbc9f7963669",
  orders: "395abd808c9ba9f99a333e28ef235aa6",
  invoices: "9f0ebd62440dd98109167bd51cf76a7c",
  usage_events: "194d876de686388206270ac7e23566d3",
};

// Timestamps as epoch seconds and dates via to_char, so the text is independent of the session's
// TimeZone and DateStyle.
const CHECKSUM_ROWS: Record<keyof typeof DEMO_CHECKSUMS, [string, string]> = {
  accounts: [
    "account_id, tenant_id, name, plan, status, extract(epoch FROM created_at)::bigint",
    "account_id",
  ],
  orders: [
    "order_id, tenant_id, account_id, extract(epoch FROM ordered_at)::bigint, status, amount, items",
    "order_id",
  ],
  invoices: [
    "invoice_id, tenant_id, account_id, to_char(issued_at, 'YYYY-MM-DD'), to_char(due_at, 'YYYY-MM-DD'), coalesce(to_char(paid_at, 'YYYY-MM-DD'), '-'), amount, status",
    "invoice_id",
  ],
  usage_events: [
    "event_id, tenant_id, account_id, extract(epoch FROM occurred_at)::bigint, event_type, quantity",
    "event_id",
  ],
};

export async function checksums(
  db: WarehouseUnderTest,
  schema: string,
): Promise<Record<keyof typeof DEMO_CHECKSUMS, string>> {
  const result = { accounts: "", orders: "", invoices: "", usage_events: "" };
  for (const [table, [columns, id]] of Object.entries(CHECKSUM_ROWS)) {
    const [row] = await db.query<{ sum: string }>(
      `SELECT md5(string_agg(concat_ws('|', ${columns}), E'\\n' ORDER BY ${id})) AS sum FROM "${schema}"."${table}"`,
    );
    result[table as keyof typeof DEMO_CHECKSUMS] = row?.sum ?? "";
  }
  return result;
}

async function tableCounts(db: WarehouseUnderTest, schema: string) {
  const [row] = await db.query<Record<string, string | number>>(
    `SELECT (SELECT count(*) FROM "${schema}".accounts) AS accounts,
            (SELECT count(*) FROM "${schema}".orders) AS orders,
            (SELECT count(*) FROM "${schema}".invoices) AS invoices,
            (SELECT count(*) FROM "${schema}".usage_events) AS usage_events`,
  );
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}

/** The same assertions for every target (PGlite, PostgreSQL): written once, run per target. */
export function describeWarehouseContract(
  name: string,
  open: () => Promise<WarehouseUnderTest>,
): void {
  describe(`sample warehouse on ${name}`, () => {
    let db: WarehouseUnderTest;
    let schemaCounter = 0;
    const nextSchema = () => `sd_${++schemaCounter}`;
    const seed = (options: SampleWarehouseOptions) => generateSampleWarehouse(db.target, options);

    beforeAll(async () => {
      db = await open();
    });
    afterAll(async () => {
      await db?.close();
    });

    it("seeds the demo preset with the brief's identities, exactly", async () => {
      const schema = nextSchema();
      const result = await seed({ schema });
      expect(result).toMatchObject({
        status: "seeded",
        rows: { accounts: 5, orders: 450, invoices: 150, usage_events: 900 },
        factRows: 1500,
        totalRows: 1505,
      });
      expect(await tableCounts(db, schema)).toEqual(result.rows);
      const owners = await db.query<{ tenant_id: number; accounts: number[] }>(
        `SELECT tenant_id, array_agg(account_id ORDER BY account_id) AS accounts
         FROM "${schema}".accounts GROUP BY tenant_id ORDER BY tenant_id`,
      );
      expect(owners).toEqual([
        { tenant_id: 777, accounts: [4, 5] },
        { tenant_id: 999, accounts: [1, 2, 3] },
      ]);
      const mix = await db.query<{ tenant_id: number; plans: string[]; statuses: string[] }>(
        `SELECT tenant_id, array_agg(DISTINCT plan ORDER BY plan) AS plans,
                array_agg(DISTINCT status ORDER BY status) AS statuses
         FROM "${schema}".accounts GROUP BY tenant_id ORDER BY tenant_id`,
      );
      for (const row of mix) {
        expect(row.plans).toEqual(["Basic", "Premium"]);
        expect(row.statuses).toEqual(["Active", "Inactive"]);
      }
    });

    it("writes the same rows for the same seed on every target, other rows for another seed", async () => {
      const first = nextSchema();
      const second = nextSchema();
      const other = nextSchema();
      await seed({ schema: first });
      await seed({ schema: second });
      await seed({ schema: other, seed: 7 });
      const sums = await checksums(db, first);
      expect(await checksums(db, second)).toEqual(sums);
      expect(sums).toEqual(DEMO_CHECKSUMS);
      const otherSums = await checksums(db, other);
      for (const table of ["orders", "invoices", "usage_events"] as const) {
        expect(otherSums[table]).not.toEqual(sums[table]);
      }
      // The identities never depend on the seed.
      expect(otherSums.accounts).toEqual(sums.accounts);
    });

    it("adds generated tenants with exact row counts, fact tenants matching their accounts", async () => {
      const schema = nextSchema();
      const options = { schema, tenants: 3, accountsPerTenant: 4, rowsPerAccount: 37 };
      const plan = planSampleWarehouse(options);
      expect(plan.perAccount).toEqual({ orders: 11, invoices: 3, usage_events: 23 });
      const result = await seed(options);
      expect(result.rows).toEqual({ accounts: 17, orders: 187, invoices: 51, usage_events: 391 });
      expect(result.totalRows).toBe(17 + 17 * 37);
      expect(await tableCounts(db, schema)).toEqual(result.rows);

      const tenants = await db.query<{ tenant_id: number; accounts: number[] }>(
        `SELECT tenant_id, array_agg(account_id ORDER BY account_id) AS accounts
         FROM "${schema}".accounts GROUP BY tenant_id ORDER BY tenant_id`,
      );
      expect(tenants).toEqual([
        { tenant_id: 777, accounts: [4, 5] },
        { tenant_id: 999, accounts: [1, 2, 3] },
        { tenant_id: 1000, accounts: [1000, 1001, 1002, 1003] },
        { tenant_id: 1001, accounts: [1004, 1005, 1006, 1007] },
        { tenant_id: 1002, accounts: [1008, 1009, 1010, 1011] },
      ]);
      for (const table of ["orders", "invoices", "usage_events"]) {
        const [row] = await db.query<{ mismatched: string }>(
          `SELECT count(*) FILTER (WHERE a.account_id IS NULL OR f.tenant_id <> a.tenant_id) AS mismatched
           FROM "${schema}".${table} f LEFT JOIN "${schema}".accounts a USING (account_id)`,
        );
        expect(Number(row?.mismatched)).toBe(0);
      }
      const perAccount = await db.query<{ table: string; counts: string[] }>(
        `SELECT 'orders' AS table, array_agg(DISTINCT n::text) AS counts FROM (SELECT count(*) AS n FROM "${schema}".orders GROUP BY account_id) o
         UNION ALL SELECT 'invoices', array_agg(DISTINCT n::text) FROM (SELECT count(*) AS n FROM "${schema}".invoices GROUP BY account_id) i
         UNION ALL SELECT 'usage_events', array_agg(DISTINCT n::text) FROM (SELECT count(*) AS n FROM "${schema}".usage_events GROUP BY account_id) u`,
      );
      expect(perAccount).toEqual([
        { table: "orders", counts: ["11"] },
        { table: "invoices", counts: ["3"] },
        { table: "usage_events", counts: ["23"] },
      ]);
    });

    it("creates the agreed columns, keys, indexes and foreign keys", async () => {
      const schema = nextSchema();
      await seed({ schema, rowsPerAccount: 10 });
      const columns = await db.query<{ table_name: string; column_name: string; type: string }>(
        `SELECT table_name, column_name,
                CASE WHEN data_type = 'numeric' THEN format('numeric(%s,%s)', numeric_precision, numeric_scale)
                     ELSE data_type END AS type
         FROM information_schema.columns
         WHERE table_schema = $1 AND table_name IN ('accounts', 'orders', 'invoices', 'usage_events')
         ORDER BY table_name, ordinal_position`,
        [schema],
      );
      const byTable = (table: string) =>
        columns.filter((c) => c.table_name === table).map((c) => `${c.column_name} ${c.type}`);
      expect(byTable("accounts")).toEqual([
        "account_id integer",
        "tenant_id integer",
        "name text",
        "plan text",
        "status text",
        "created_at timestamp with time zone",
      ]);
      expect(byTable("orders")).toEqual([
        "order_id bigint",
        "tenant_id integer",
        "account_id integer",
        "ordered_at timestamp with time zone",
        "status text",
        "amount numeric(12,2)",
        "items integer",
      ]);
      expect(byTable("invoices")).toEqual([
        "invoice_id bigint",
        "tenant_id integer",
        "account_id integer",
        "issued_at date",
        "due_at date",
        "paid_at date",
        "amount numeric(12,2)",
        "status text",
      ]);
      expect(byTable("usage_events")).toEqual([
        "event_id bigint",
        "tenant_id integer",
        "account_id integer",
        "occurred_at timestamp with time zone",
        "event_type text",
        "quantity integer",
      ]);

      const indexes = await db.query<{ def: string }>(
        `SELECT regexp_replace(indexdef, ' ON [^ ]+ ', ' ON ') AS def FROM pg_indexes
         WHERE schemaname = $1 ORDER BY indexname`,
        [schema],
      );
      expect(indexes.map((i) => i.def)).toEqual([
        "CREATE UNIQUE INDEX _sample_data_meta_pkey ON USING btree (id)",
        "CREATE UNIQUE INDEX accounts_pkey ON USING btree (account_id)",
        "CREATE INDEX accounts_tenant_id_idx ON USING btree (tenant_id)",
        "CREATE INDEX invoices_account_id_issued_at_idx ON USING btree (account_id, issued_at)",
        "CREATE UNIQUE INDEX invoices_pkey ON USING btree (invoice_id)",
        "CREATE INDEX invoices_tenant_id_idx ON USING btree (tenant_id)",
        "CREATE INDEX orders_account_id_ordered_at_idx ON USING btree (account_id, ordered_at)",
        "CREATE UNIQUE INDEX orders_pkey ON USING btree (order_id)",
        "CREATE INDEX orders_tenant_id_idx ON USING btree (tenant_id)",
        "CREATE INDEX usage_events_account_id_occurred_at_idx ON USING btree (account_id, occurred_at)",
        "CREATE UNIQUE INDEX usage_events_pkey ON USING btree (event_id)",
        "CREATE INDEX usage_events_tenant_id_idx ON USING btree (tenant_id)",
      ]);

      const foreignKeys = await db.query<{ def: string }>(
        `SELECT conrelid::regclass::text || ': ' || pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE contype = 'f' AND connamespace = $1::regnamespace ORDER BY 1`,
        [schema],
      );
      expect(foreignKeys.map((f) => f.def)).toEqual([
        `${schema}.invoices: FOREIGN KEY (account_id) REFERENCES ${schema}.accounts(account_id)`,
        `${schema}.orders: FOREIGN KEY (account_id) REFERENCES ${schema}.accounts(account_id)`,
        `${schema}.usage_events: FOREIGN KEY (account_id) REFERENCES ${schema}.accounts(account_id)`,
      ]);
    });

    it("is idempotent, refuses other options without force and rebuilds with it", async () => {
      const schema = nextSchema();
      await seed({ schema });
      const before = await checksums(db, schema);
      const again = await seed({ schema });
      expect(again.status).toBe("already_seeded");
      expect(await tableCounts(db, schema)).toEqual({
        accounts: 5,
        orders: 450,
        invoices: 150,
        usage_events: 900,
      });
      expect(await checksums(db, schema)).toEqual(before);

      await expect(seed({ schema, rowsPerAccount: 20 })).rejects.toMatchObject({
        name: "SampleDataError",
        code: "warehouse_seeded_differently",
      });
      await expect(seed({ schema, seed: 43 })).rejects.toMatchObject({
        code: "warehouse_seeded_differently",
      });
      expect(await checksums(db, schema)).toEqual(before);

      const rebuilt = await seed({ schema, rowsPerAccount: 20, force: true });
      expect(rebuilt.status).toBe("seeded");
      expect(await tableCounts(db, schema)).toEqual({
        accounts: 5,
        orders: 30,
        invoices: 10,
        usage_events: 60,
      });
    });

    it("refuses to replace tables it did not create unless forced", async () => {
      const schema = nextSchema();
      await db.query(`CREATE SCHEMA "${schema}"`);
      await db.query(`CREATE TABLE "${schema}".accounts (id int)`);
      await expect(seed({ schema })).rejects.toMatchObject({ code: "warehouse_tables_exist" });
      expect((await seed({ schema, force: true })).status).toBe("seeded");
      expect((await tableCounts(db, schema)).accounts).toBe(5);
    });
  });
}
