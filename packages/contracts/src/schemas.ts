import { z } from "zod";
import { ERROR_CODES } from "./error-codes";

/** The body of every error response: `{"error": {"code", "message"}}`. */
export const ApiErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string().min(1),
    requestId: z.string().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** `GET /api/health`. */
export const HealthResponseSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  version: z.string(),
  database: z.enum(["ok", "unavailable"]),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
