// @vitest-environment node
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import tsupConfig from "../../tsup.config";
import * as sdk from "../index";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const manifest = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8"));
let outDir = "";

// The package as a consumer meets it: built by the real tsup config (minus declarations, which
// the `build` task checks), into a folder under node_modules so its dependencies resolve.
beforeAll(async () => {
  const cacheDir = path.join(packageDir, "node_modules", ".cache");
  await import("node:fs/promises").then(({ mkdir }) => mkdir(cacheDir, { recursive: true }));
  outDir = await mkdtemp(path.join(cacheDir, "package-test-"));
  const config = Array.isArray(tsupConfig) ? tsupConfig[0] : tsupConfig;
  await build({ ...config, config: false, dts: false, sourcemap: false, silent: true, outDir });
}, 60_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("the built package", () => {
  it('starts both builds with "use client" (Next.js server components may import it)', async () => {
    for (const file of ["index.js", "index.cjs"]) {
      const code = await readFile(path.join(outDir, file), "utf8");
      expect(code.startsWith('"use client";')).toBe(true);
    }
  });

  it("loads as ESM and as CommonJS under Node with no window, with the same named exports", async () => {
    expect(typeof globalThis.window).toBe("undefined");
    const esm = await import(pathToFileURL(path.join(outDir, "index.js")).href);
    const cjs = createRequire(import.meta.url)(path.join(outDir, "index.cjs"));
    const names = Object.keys(sdk).sort();
    expect(Object.keys(esm).sort()).toEqual(names);
    expect(Object.keys(cjs).sort()).toEqual(names);
  });

  it("exports exactly the documented runtime API (no internals)", () => {
    expect(Object.keys(sdk).sort()).toEqual([
      "CollectionBrowser",
      "Dashboard",
      "EmbedProvider",
      "FullAppEmbed",
      "GuestDashboard",
      "Question",
      "Visualization",
      "useCardResult",
      "useCollectionItems",
      "useCurrentUser",
      "useDashboard",
      "useDataset",
      "useEmbedAuth",
      "useParameterValues",
      "useQueryResult",
      "useQuestion",
    ]);
  });

  it("declares what bundlers and type checkers need", () => {
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.files).toContain("dist");
    expect(manifest.peerDependencies).toEqual({
      react: "^18.2.0 || ^19.0.0",
      "react-dom": "^18.2.0 || ^19.0.0",
    });
    const root = manifest.exports["."];
    expect(root.import).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    expect(root.require).toEqual({ types: "./dist/index.d.cts", default: "./dist/index.cjs" });
    // Nothing the published package needs at run time may be a workspace-only package.
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      expect(name.startsWith("@embed/")).toBe(false);
    }
  });
});

describe("the source", () => {
  it("imports no Node module and reads no environment (it runs in browsers)", () => {
    const sourceDir = path.join(packageDir, "src");
    const files = readdirSync(sourceDir, { recursive: true, encoding: "utf8" }).filter(
      (file) => /\.tsx?$/.test(file) && !file.startsWith("__tests__"),
    );
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const code = readFileSync(path.join(sourceDir, file), "utf8");
      expect(code, file).not.toMatch(/from "node:|require\(|process\.env/);
      expect(code, file).not.toMatch(/from "@embed\/(db|node|query)"/);
    }
  });
});
