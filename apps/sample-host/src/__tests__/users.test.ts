import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, findUserByEmail, listUsers, verifyCredentials } from "../server/users";

describe("the demo user store", () => {
  it("covers the brief's hierarchy: two tenant admins, two customers, one user without access", () => {
    expect(listUsers().map(({ email, role, primaryId }) => ({ email, role, primaryId }))).toEqual([
      { email: "tess@northwind.test", role: "tenant", primaryId: 999 },
      { email: "omar@globex.test", role: "tenant", primaryId: 777 },
      { email: "cara@acme-retail.test", role: "customer", primaryId: 1 },
      { email: "dev@initech.test", role: "customer", primaryId: 4 },
      { email: "nora@parcelpoint.test", role: "staff", primaryId: null },
    ]);
  });

  it("accepts the right password, for every user", () => {
    for (const user of listUsers()) {
      expect(verifyCredentials(user.email, DEMO_PASSWORD)).toBe(user);
    }
  });

  it("matches emails regardless of case and surrounding spaces", () => {
    expect(verifyCredentials("  Tess@Northwind.TEST ", DEMO_PASSWORD)?.primaryId).toBe(999);
  });

  it("refuses a wrong password", () => {
    expect(verifyCredentials("tess@northwind.test", "wrong")).toBeNull();
    expect(verifyCredentials("tess@northwind.test", "")).toBeNull();
    expect(verifyCredentials("tess@northwind.test", `${DEMO_PASSWORD} `)).toBeNull();
  });

  it("refuses an unknown user, even with the demo password", () => {
    expect(verifyCredentials("mallory@evil.test", DEMO_PASSWORD)).toBeNull();
    expect(findUserByEmail("mallory@evil.test")).toBeNull();
  });
});
