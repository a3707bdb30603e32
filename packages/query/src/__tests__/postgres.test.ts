import { seedDemoWarehouse } from "@embed/sample-data";
import { describe, expect, inject, it } from "vitest";
import { createPostgresDriver } from "../index";
import { describeWarehouseContract } from "./warehouse-contract";

describeWarehouseContract(
  `PostgreSQL (${inject("postgresBackend")})`,
  async () => {
    const databaseUrl = inject("postgresUrl");
    await seedDemoWarehouse({ databaseUrl });
    const driver = createPostgresDriver({ connectionString: databaseUrl, poolSize: 4 });
    return { driver, backend: inject("postgresBackend"), close: () => driver.close() };
  },
  { interruptsStatements: inject("postgresBackend") === "postgres" },
);

describe("a PostgreSQL driver with no server behind it", () => {
  it("fails with warehouse_unavailable", async () => {
    const driver = createPostgresDriver({
      connectionString: "postgres://root@127.0.0.1:1/none",
      poolSize: 1,
    });
    try {
      await expect(driver.execute({ sql: "SELECT 1", parameters: [] })).rejects.toMatchObject({
        code: "warehouse_unavailable",
        status: 503,
      });
    } finally {
      await driver.close();
    }
  });
});
