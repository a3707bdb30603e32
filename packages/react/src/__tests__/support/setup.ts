import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// Testing Library unmounts after each test only with vitest globals; we import explicitly.
afterEach(() => {
  cleanup();
});
