import "server-only";
import { ApiError } from "./api-error";

/** A positive integer route parameter, or 404 (a malformed id names nothing that exists). */
export function parseId(
  value: string,
  what: "user_not_found" | "group_mapping_not_found" | "not_found",
): number {
  if (!/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > 2_147_483_647) {
    throw new ApiError(what, 404, `Nothing has the id "${value.slice(0, 40)}".`);
  }
  return Number(value);
}
