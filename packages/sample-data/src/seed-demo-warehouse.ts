import {
  type GenerateSampleWarehouseHooks,
  generateSampleWarehouse,
  type SampleWarehouseTarget,
} from "./generate-sample-warehouse";
import type { SampleWarehouseResult } from "./internal/seed-session";

/**
 * The demo preset: only the brief's tenants (999 with accounts 1–3, 777 with accounts 4–5),
 * 300 fact rows per account, seed 42. Safe to call on every start: a seeded target is left as is.
 * @example
 * await seedDemoWarehouse({ pglite: await openSampleWarehouse(dataDir) });
 */
export function seedDemoWarehouse(
  target: SampleWarehouseTarget,
  hooks: GenerateSampleWarehouseHooks = {},
): Promise<SampleWarehouseResult> {
  return generateSampleWarehouse(target, {}, hooks);
}
