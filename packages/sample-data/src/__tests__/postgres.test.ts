import pg from "pg";
import { inject } from "vitest";
import { describeWarehouseContract } from "./warehouse-contract";

describeWarehouseContract(`PostgreSQL (${inject("postgresBackend")})`, async () => {
  const databaseUrl = inject("postgresUrl");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    target: { databaseUrl },
    query: async <T>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as T[],
    close: () => client.end(),
  };
});
