import { signSsoToken } from "@embed/node";
import { inject } from "vitest";
import { api } from "./api";

/** The brief's demo identities, and the accounts each may see (tenant 999: 1–3, 777: 4–5). */
export const IDENTITIES = {
  tenant999: {
    email: "tess@northwind.test",
    attributes: { role: "tenant", primary_id: 999 },
    accounts: [1, 2, 3],
  },
  tenant777: {
    email: "omar@globex.test",
    attributes: { role: "tenant", primary_id: 777 },
    accounts: [4, 5],
  },
  customer1: {
    email: "cara@acme-retail.test",
    attributes: { role: "customer", primary_id: 1 },
    accounts: [1],
  },
  customer4: {
    email: "dev@initech.test",
    attributes: { role: "customer", primary_id: 4 },
    accounts: [4],
  },
} as const;

export type IdentityName = keyof typeof IDENTITIES;

/** A session for an identity, obtained the way the SDK does: the host signs, we exchange. */
export async function sessionFor(
  attributes: Record<string, string | number>,
  email: string,
): Promise<string> {
  const jwt = await signSsoToken({ email, attributes }, { secret: inject("secrets").ssoSecret });
  const { status, json } = await api<{ sessionToken: string }>("/api/session/sso", {
    body: { jwt },
  });
  if (status !== 200) throw new Error(`SSO exchange failed with ${status} for ${email}`);
  return json.sessionToken;
}

export function identitySession(name: IdentityName): Promise<string> {
  const identity = IDENTITIES[name];
  return sessionFor(identity.attributes, identity.email);
}
