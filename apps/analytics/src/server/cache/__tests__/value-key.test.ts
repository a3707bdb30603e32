import { describe, expect, it } from "vitest";
import { encodeShared, encodeValue, keyOf, valueKey } from "../value-key";

describe("valueKey", () => {
  it("gives equal values one key", () => {
    expect(valueKey({ a: [1, "x", null], b: { c: true } })).toBe(
      valueKey({ a: [1, "x", null], b: { c: true } }),
    );
  });

  it("keeps apart values JSON.stringify folds together", () => {
    const distinct = [
      null,
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      0,
      -0,
      "0",
      "",
      false,
      [],
      {},
      [undefined],
      [null],
      { a: undefined },
      { a: null },
      ["a", "b"],
      ["ab"],
      ['a","b'],
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      [[1], 2],
      [[1, 2]],
    ];
    const keys = distinct.map(valueKey);
    expect(keys.every((key) => typeof key === "string")).toBe(true);
    expect(new Set(keys).size).toBe(distinct.length);
  });

  it("refuses what it cannot encode faithfully (then nothing is cached)", () => {
    expect(valueKey(new Date(0))).toBeNull();
    expect(valueKey({ id: 1n })).toBeNull();
    expect(valueKey([() => 1])).toBeNull();
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(valueKey(cycle)).toBeNull();
  });

  it("strings encodings together without ambiguity, and encodes a shared object once", () => {
    const joined = (values: unknown[]) => keyOf(values.map(encodeValue).join(""));
    expect(joined(["a", "bc"])).not.toBe(joined(["ab", "c"]));
    expect(joined([[1], [2, 3]])).not.toBe(joined([[1, 2], [3]]));
    const shared = { tables: { orders: { level: "full" } } };
    expect(encodeShared(shared)).toBe(encodeValue(shared));
    expect(encodeShared(shared)).toBe(encodeShared(shared));
  });
});
