import "server-only";
import type { ErrorCode } from "@embed/contracts";
import { ApiError } from "./api-error";

/** A positive integer route parameter, or 404 (a malformed id names nothing that exists). */
export function parseId(value: string, notFound: ErrorCode): number {
  if (!/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > 2_147_483_647) {
    throw new ApiError(notFound, 404, `Nothing has the id "${value.slice(0, 40)}".`);
  }
  return Number(value);
}
