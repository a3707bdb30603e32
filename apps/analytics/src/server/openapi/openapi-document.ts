import "server-only";
import { ERROR_CODES } from "@embed/contracts";
import { DOCUMENTED_ROUTES, type RouteAccess } from "./routes";

const SECURITY: Record<RouteAccess, Array<Record<string, string[]>>> = {
  public: [],
  session: [{ bearerSession: [] }, { sessionCookie: [] }],
  admin: [{ bearerSession: [] }, { sessionCookie: [] }],
  "guest-token": [],
};

/** The OpenAPI 3.1 document of the whole HTTP API (served at `GET /api/openapi.json`). */
export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of DOCUMENTED_ROUTES) {
    const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = {
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      security: SECURITY[route.access],
      ...(parameters.length ? { parameters } : {}),
      responses: {
        "2XX": { description: "Success" },
        "4XX": {
          description: "Refused",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Embed Analytics",
      version,
      description:
        'The analytics server\'s HTTP contract. Every error is `{"error": {"code", "message"}}` with a stable code.',
    },
    paths,
    components: {
      securitySchemes: {
        bearerSession: {
          type: "http",
          scheme: "bearer",
          description: "sessionToken from POST /api/session/sso",
        },
        sessionCookie: { type: "apiKey", in: "cookie", name: "embed_session" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: [...ERROR_CODES] },
                message: { type: "string" },
                requestId: { type: "string" },
              },
            },
          },
        },
      },
    },
  };
}
