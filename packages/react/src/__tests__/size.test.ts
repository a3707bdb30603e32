// @vitest-environment node
import { describe, expect, it } from "vitest";
import { BUDGET_BYTES, describeBundle, measureBundle } from "../../scripts/measure-bundle";

describe("size budget", () => {
  it("the whole SDK, charts included, is at most 100 kB min+gzip (excluding react/react-dom)", async () => {
    const size = await measureBundle();
    console.info(describeBundle(size));
    expect(size.gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  }, 60_000);
});
