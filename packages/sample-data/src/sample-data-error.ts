/**
 * Why a sample-warehouse operation was refused.
 * - `invalid_sample_data_options`: an option is out of range.
 * - `warehouse_seeded_differently`: the target holds another generation; pass `force: true` to rebuild.
 * - `warehouse_tables_exist`: the tables exist but were not made by this generator; `force: true` drops them.
 */
export type SampleDataErrorCode =
  | "invalid_sample_data_options"
  | "warehouse_seeded_differently"
  | "warehouse_tables_exist";

/** The one error this package throws on purpose; anything else is a database or I/O failure. */
export class SampleDataError extends Error {
  override readonly name = "SampleDataError";
  readonly code: SampleDataErrorCode;

  constructor(code: SampleDataErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
