import { describe, expect, it } from "vitest";
import { type DashboardParameter, filtersForCard, parseDashboardParameters } from "../parameters";

const [plan] = parseDashboardParameters([
  { id: "p", slug: "plan", name: "Plan", type: "category" },
]) as [DashboardParameter];
const mappings = [{ parameterId: "p", target: { column: "plan" } }];

describe("a parameter's filters, kept per parameter object and value", () => {
  it("validates a value once: the same value gives back the same filters", () => {
    const first = filtersForCard([plan], mappings, { plan: ["pro", "free"] });
    expect(first).toEqual([["in", "plan", ["pro", "free"]]]);
    const again = filtersForCard([plan], mappings, { plan: ["pro", "free"] });
    expect(again[0]).toBe(first[0]);
  });

  it("never answers one value with another's filters", () => {
    expect(filtersForCard([plan], mappings, { plan: "pro" })).toEqual([["=", "plan", "pro"]]);
    expect(filtersForCard([plan], mappings, { plan: "1" })).toEqual([["=", "plan", "1"]]);
    expect(filtersForCard([plan], mappings, { plan: 1 })).toEqual([["=", "plan", 1]]);
    expect(filtersForCard([plan], mappings, { plan: ["pro"] })).toEqual([["in", "plan", ["pro"]]]);
  });

  it("refuses a bad value every time (a refusal is not kept)", () => {
    for (let i = 0; i < 2; i++)
      expect(() => filtersForCard([plan], mappings, { plan: { not: "a value" } })).toThrow(
        expect.objectContaining({ code: "invalid_parameter", status: 400 }),
      );
  });
});
