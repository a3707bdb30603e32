import { PGlite } from "@electric-sql/pglite";
import { seedDemoWarehouse } from "@embed/sample-data";
import { createPgliteDriver } from "../index";
import { describeWarehouseContract } from "./warehouse-contract";

describeWarehouseContract(
  "PGlite (in memory)",
  async () => {
    const pglite = await PGlite.create();
    await seedDemoWarehouse({ pglite });
    return { driver: createPgliteDriver(pglite), backend: "pglite", close: () => pglite.close() };
  },
  { interruptsStatements: false },
);
