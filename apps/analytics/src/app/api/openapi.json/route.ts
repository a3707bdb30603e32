import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { buildOpenApiDocument } from "~/server/openapi/openapi-document";
import { version } from "../../../../package.json";

export const dynamic = "force-dynamic";

/** `GET /api/openapi.json` — the OpenAPI document of the whole API. */
export const GET = apiHandler(async () => Response.json(buildOpenApiDocument(version)));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
