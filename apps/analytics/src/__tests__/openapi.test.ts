import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "~/server/openapi/openapi-document";
import { DOCUMENTED_ROUTES } from "~/server/openapi/routes";

const APP_DIR = path.resolve(__dirname, "../app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every (method, path) that a route file under src/app/{api,auth} answers. */
function implementedRoutes(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry === "route.ts") {
        const routePath = `/${path.relative(APP_DIR, path.dirname(full)).split(path.sep).join("/")}`;
        // next-auth's internal endpoints and the JSON 404 catch-all are not part of the contract.
        if (routePath.includes("[...")) continue;
        const source = readFileSync(full, "utf8");
        for (const method of METHODS) {
          const exported = new RegExp(
            `export (const|async function) ${method}\\b|as ${method}\\b`,
          ).test(source);
          if (exported)
            found.push(`${method.toLowerCase()} ${routePath.replace(/\[(\w+)\]/g, "{$1}")}`);
        }
      }
    }
  };
  for (const root of ["api", "auth"]) walk(path.join(APP_DIR, root));
  return found.sort();
}

describe("the OpenAPI document", () => {
  it("documents exactly the routes the server implements", () => {
    const documented = DOCUMENTED_ROUTES.map((route) => `${route.method} ${route.path}`).sort();
    expect(documented).toEqual(implementedRoutes());
  });

  it("is a valid-looking OpenAPI 3.1 document with the error schema", () => {
    const document = buildOpenApiDocument("1.2.3");
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.version).toBe("1.2.3");
    expect(Object.keys(document.paths)).toContain("/api/session/sso");
    expect(document.components.schemas.Error.properties.error.properties.code.enum).toContain(
      "token_expired",
    );
  });
});
