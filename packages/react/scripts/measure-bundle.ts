import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** The size budget of the whole SDK, charts included, react and react-dom excluded. */
export const BUDGET_BYTES = 100 * 1024;

export interface BundleSize {
  minified: number;
  gzipped: number;
  /** Minified bytes by package (and the SDK's own code). */
  byPackage: Map<string, number>;
}

/**
 * The SDK as a host's bundler ships it: src/index.ts with every dependency bundled (react-query,
 * Chartist, …) except react and react-dom, minified for production, then gzipped at level 9.
 */
export async function measureBundle(): Promise<BundleSize> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("../src/index.ts", import.meta.url))],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    write: false,
    metafile: true,
    external: ["react", "react-dom", "react/jsx-runtime"],
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const byPackage = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name =
        path.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/)?.[1] ??
        "@embed/react (own code)";
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, byPackage };
}

export function describeBundle({ minified, gzipped, byPackage }: BundleSize): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  return [
    `@embed/react bundle: ${kb(minified)} minified, ${kb(gzipped)} min+gzip (budget ${kb(BUDGET_BYTES)}, react/react-dom excluded)`,
    ...[...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `  ${name}: ${kb(bytes)} minified`),
  ].join("\n");
}
