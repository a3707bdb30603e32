import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES } from "../env";

const README = new URL("../../../../README.md", import.meta.url);

describe("the README's configuration table", () => {
  it("lists every variable the server reads", () => {
    const readme = readFileSync(README, "utf8");
    const section = readme.slice(readme.indexOf("## Configuration"));
    const rows = section.split("\n").filter((line) => line.startsWith("| `"));
    const documented = new Set(rows.flatMap((row) => row.split("|")[1]?.match(/[A-Z_]+/g) ?? []));
    expect(ENV_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });
});
