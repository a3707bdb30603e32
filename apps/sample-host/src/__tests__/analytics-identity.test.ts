import { describe, expect, it } from "vitest";
import { toSsoUser } from "../server/analytics-identity";
import { findUserByEmail } from "../server/users";

function ssoUserFor(email: string) {
  const user = findUserByEmail(email);
  if (!user) throw new Error(`no demo user ${email}`);
  return toSsoUser(user);
}

describe("toSsoUser: what the analytics server learns about each host user", () => {
  it.each([
    ["tess@northwind.test", "Tess", "Tanaka", { role: "tenant", primary_id: 999 }],
    ["omar@globex.test", "Omar", "Okafor", { role: "tenant", primary_id: 777 }],
    ["cara@acme-retail.test", "Cara", "Castillo", { role: "customer", primary_id: 1 }],
    ["dev@initech.test", "Dev", "Desai", { role: "customer", primary_id: 4 }],
  ])("%s → %o", (email, firstName, lastName, attributes) => {
    expect(ssoUserFor(email)).toEqual({ email, firstName, lastName, attributes });
  });

  it("still identifies a user without analytics access, with role staff and no primary_id", () => {
    // The analytics server maps role=staff to no group: signed in, but no rows.
    expect(ssoUserFor("nora@parcelpoint.test")).toEqual({
      email: "nora@parcelpoint.test",
      firstName: "Nora",
      lastName: "Nilsson",
      attributes: { role: "staff" },
    });
  });
});
