import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Parcelpoint's own users. A real host keeps them in its database; the reference host keeps
 * a fixed demo set in code so that it runs with nothing to set up.
 *
 * Parcelpoint sells its portal to logistics companies (tenants); each tenant ships for its
 * customers' accounts. The demo warehouse has tenant 999 owning accounts 1–3 and tenant 777
 * owning accounts 4–5 — the same hierarchy as below.
 */

/** A user's place in the hierarchy; sent to the analytics server as the `role` attribute. */
export type HostRole = "tenant" | "customer" | "staff";

export interface HostUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: HostRole;
  /** The tenant id of a tenant admin, the account id of a customer; staff have none. */
  primaryId: number | null;
  organization: string;
  /** One line for people: what this user may see. */
  accessSummary: string;
}

/**
 * Every demo user's password. Plain text and the same for all: this is a demo whose login page
 * prints it. A real host stores a slow hash (argon2id, scrypt) per user, never the password.
 */
export const DEMO_PASSWORD = "demo";

const USERS: readonly HostUser[] = [
  {
    id: "u-tess",
    email: "tess@northwind.test",
    firstName: "Tess",
    lastName: "Tanaka",
    role: "tenant",
    primaryId: 999,
    organization: "Northwind Freight",
    accessSummary: "Tenant 999 admin — sees accounts 1, 2 and 3",
  },
  {
    id: "u-omar",
    email: "omar@globex.test",
    firstName: "Omar",
    lastName: "Okafor",
    role: "tenant",
    primaryId: 777,
    organization: "Globex Shipping",
    accessSummary: "Tenant 777 admin — sees accounts 4 and 5",
  },
  {
    id: "u-cara",
    email: "cara@acme-retail.test",
    firstName: "Cara",
    lastName: "Castillo",
    role: "customer",
    primaryId: 1,
    organization: "Acme Retail",
    accessSummary: "Customer of tenant 999 — sees account 1 only",
  },
  {
    id: "u-dev",
    email: "dev@initech.test",
    firstName: "Dev",
    lastName: "Desai",
    role: "customer",
    primaryId: 4,
    organization: "Initech",
    accessSummary: "Customer of tenant 777 — sees account 4 only",
  },
  {
    id: "u-nora",
    email: "nora@parcelpoint.test",
    firstName: "Nora",
    lastName: "Nilsson",
    role: "staff",
    primaryId: null,
    organization: "Parcelpoint",
    accessSummary: "Parcelpoint staff — no analytics access",
  },
];

/** How the portal names each role to people. */
export const ROLE_LABELS: Record<HostRole, string> = {
  tenant: "Tenant admin",
  customer: "Customer",
  staff: "Parcelpoint staff",
};

/** All users, in the order the login page lists them. */
export function listUsers(): readonly HostUser[] {
  return USERS;
}

export function findUserByEmail(email: string): HostUser | null {
  const normalized = email.trim().toLowerCase();
  return USERS.find((user) => user.email === normalized) ?? null;
}

/** The user with this email and password, or `null` — the same answer for either mistake. */
export function verifyCredentials(email: string, password: string): HostUser | null {
  const user = findUserByEmail(email);
  // Compare even for an unknown email, so the response time does not tell which emails exist.
  const isMatch = constantTimeEquals(password, DEMO_PASSWORD);
  return user && isMatch ? user : null;
}

/**
 * Compares fixed-length digests: `timingSafeEqual` needs equal lengths, and comparing the raw
 * strings would leak the password's length through an early return.
 */
function constantTimeEquals(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}
