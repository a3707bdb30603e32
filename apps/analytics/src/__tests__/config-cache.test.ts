import { describe, expect, it } from "vitest";
import { ConfigCache } from "~/server/cache/config-cache";

function counter() {
  let loads = 0;
  return {
    load: (value: string) => async () => {
      loads++;
      return value;
    },
    get loads() {
      return loads;
    },
  };
}

describe("ConfigCache", () => {
  it("loads once per key and version, and again when the version moves", async () => {
    const cache = new ConfigCache<string>();
    const loads = counter();
    expect(await cache.get("policy:1", "7", loads.load("a"))).toBe("a");
    expect(await cache.get("policy:1", "7", loads.load("b"))).toBe("a");
    expect(loads.loads).toBe(1);
    expect(await cache.get("policy:1", "8", loads.load("c"))).toBe("c");
    expect(await cache.get("policy:1", "8", loads.load("d"))).toBe("c");
    expect(await cache.get("policy:2", "8", loads.load("e"))).toBe("e");
    expect(loads.loads).toBe(3);
  });

  it("answers a request that read an older version without replacing the newer entry", async () => {
    const cache = new ConfigCache<string>();
    const loads = counter();
    await cache.get("k", "9", loads.load("new"));
    expect(await cache.get("k", "8", loads.load("old"))).toBe("old");
    expect(await cache.get("k", "9", loads.load("again"))).toBe("new");
    expect(loads.loads).toBe(2);
  });

  it("never caches without a version, nor a failed load", async () => {
    const cache = new ConfigCache<string>();
    const loads = counter();
    await cache.get("k", null, loads.load("a"));
    await cache.get("k", null, loads.load("b"));
    expect(loads.loads).toBe(2);
    await expect(
      cache.get("k", "1", async () => {
        throw new Error("database down");
      }),
    ).rejects.toThrow("database down");
    expect(await cache.get("k", "1", loads.load("c"))).toBe("c");
  });

  it("shares one load between concurrent callers", async () => {
    const cache = new ConfigCache<string>();
    const loads = counter();
    const [a, b] = await Promise.all([
      cache.get("k", "1", loads.load("a")),
      cache.get("k", "1", loads.load("b")),
    ]);
    expect([a, b, loads.loads]).toEqual(["a", "a", 1]);
  });

  it("stays bounded", async () => {
    const cache = new ConfigCache<number>(3);
    for (let i = 0; i < 10; i++) await cache.get(`k${i}`, "1", async () => i);
    const loads = counter();
    await cache.get("k0", "1", async () => {
      loads.load("x")();
      return -1;
    });
    expect(loads.loads).toBe(1);
  });
});
