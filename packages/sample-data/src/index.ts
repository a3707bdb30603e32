export {
  type GenerateSampleWarehouseHooks,
  generateSampleWarehouse,
  type SampleWarehouseTarget,
} from "./generate-sample-warehouse";
export type { SampleWarehouseProgress, SampleWarehouseResult } from "./internal/seed-session";
export {
  closeSampleWarehouse,
  openSampleWarehouse,
  sampleWarehouseDir,
} from "./open-sample-warehouse";
export {
  DEFAULT_ANCHOR_DATE,
  FACT_RATIO,
  GENERATOR_VERSION,
  planSampleWarehouse,
  type ResolvedSampleWarehouseOptions,
  resolveSampleWarehouseOptions,
  SAMPLE_TABLES,
  type SampleTable,
  type SampleWarehouseOptions,
  type SampleWarehousePlan,
} from "./plan-sample-warehouse";
export { SampleDataError, type SampleDataErrorCode } from "./sample-data-error";
export { seedDemoWarehouse } from "./seed-demo-warehouse";
