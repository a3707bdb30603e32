import type { HealthResponse } from "@embed/contracts";
import { getAppDatabase } from "~/server/db/app-database";
import { apiHandler } from "~/server/http/api-handler";
import { jsonResponse } from "~/server/http/json-response";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { logger } from "~/server/logger";
import { version } from "../../../../package.json";

export const dynamic = "force-dynamic";

/** `GET /api/health`: 200 when the app database answers, 503 when it does not. */
export const GET = apiHandler(async () => {
  let database: HealthResponse["database"] = "ok";
  try {
    const db = await getAppDatabase();
    await db.prisma.$queryRaw`SELECT 1`;
  } catch (error) {
    logger.error("health check: app database unavailable", { error });
    database = "unavailable";
  }
  const body: HealthResponse = {
    status: database === "ok" ? "ok" : "unavailable",
    version,
    database,
  };
  return jsonResponse(body, {
    status: database === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
