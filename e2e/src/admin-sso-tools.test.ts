import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signSsoToken } from "@embed/node";
import { exportJWK, generateKeyPair } from "jose";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactPath } from "./browser";
import { seriousViolations } from "./support/accessibility";
import {
  type ConsoleSession,
  poll,
  screenshotPath,
  startConsoleSession,
} from "./support/admin-console";

/**
 * The SSO page's tools (JWKS check, claims tester) and manual group memberships on the People
 * page, in a real browser on a private production server, through the UI only; the API is read
 * to see the effect.
 */
describe("admin console: SSO tools and manual memberships", () => {
  const ssoSecret = randomBytes(32).toString("base64url");
  const host = { email: "hana@tools.test", attributes: { role: "customer", primary_id: 4 } };
  let session: ConsoleSession;
  let server: ConsoleSession["server"];
  let page: Page;
  let jwks: Server;
  let jwksBase: string;

  /** The admin API as the signed-in admin's browser context calls it. */
  const adminGet = async (path: string) => (await page.request.get(`${server.url}${path}`)).json();
  const currentGroups = async (sessionToken: string) => {
    const response = await fetch(`${server.url}/api/user/current`, {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()).groups as Array<{ name: string }>).map((group) => group.name);
  };

  beforeAll(async () => {
    // The identity provider's key set, served by a tiny local server.
    const { publicKey } = await generateKeyPair("RS256", { extractable: true });
    const key = {
      ...(await exportJWK(publicKey)),
      kid: "tools-idp-key-1",
      alg: "RS256",
      use: "sig",
    };
    jwks = createServer((request, response) => {
      if (request.url !== "/jwks.json") {
        response.writeHead(404);
        response.end();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ keys: [key] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    jwksBase = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;

    session = await startConsoleSession("sso-tools", { EMBED_JWT_SHARED_SECRET: ssoSecret });
    ({ server, page } = session);
    await session.signIn();
  });
  afterAll(async () => {
    await session?.stop();
    await new Promise<void>((resolve) => (jwks ? jwks.close(() => resolve()) : resolve()));
  });

  it("fetches a JWKS and lists its keys; a bad URL shows why beside the button", async () => {
    await page.goto(`${server.url}/admin/sso`);
    const check = page.getByTestId("jwks-check");
    await check.getByLabel("JWKS URL to check").fill(`${jwksBase}/missing.json`);
    await check.getByRole("button", { name: "Fetch and list keys" }).click();
    await poll(() => check.getByTestId("jwks-check-error").textContent()).toContain("HTTP 404");
    expect(await check.getByTestId("jwks-keys").count()).toBe(0);

    await check.getByLabel("JWKS URL to check").fill(`${jwksBase}/jwks.json`);
    await check.getByRole("button", { name: "Fetch and list keys" }).click();
    await poll(() => check.getByTestId("jwks-check-status").textContent()).toBe("Fetched 1 key.");
    await expect(
      check.getByTestId("jwks-key-tools-idp-key-1").locator("td").allTextContents(),
    ).resolves.toEqual(["tools-idp-key-1", "RSA", "RS256", "sig", "—"]);
    expect(await check.getByTestId("jwks-check-error").count()).toBe(0);
  });

  it("tests claims: the mapping made on the People page, the sandbox's filter, no user created", async () => {
    await page.goto(`${server.url}/admin/people`);
    await page.getByLabel("New group name").fill("Regional");
    await page.getByRole("button", { name: "Create group" }).click();
    await poll(() => page.getByTestId("create-group-status").textContent()).toBe(
      'Created the group "Regional".',
    );
    const mapping = page.getByTestId("add-mapping");
    await mapping.getByLabel("Attribute").fill("region");
    await mapping.getByLabel("Value").fill("emea");
    await mapping.getByLabel("Group").selectOption({ label: "Regional" });
    await mapping.getByRole("button", { name: "Add mapping" }).click();
    await poll(() => page.getByTestId("add-mapping-status").textContent()).toBe(
      "Added: region = emea → Regional.",
    );

    await page.goto(`${server.url}/admin/sso`);
    const form = page.getByTestId("claims-test");
    await form.getByLabel("Email", { exact: true }).fill("carla@tools.test");
    await form.getByLabel("role", { exact: true }).fill("tenant");
    await form.getByLabel("primary_id", { exact: true }).fill("999");
    await form.getByRole("button", { name: "Add an attribute" }).click();
    await form.getByLabel("Attribute name").fill("region");
    await form.getByLabel("Value", { exact: true }).fill("emea");
    await expect(
      form
        .getByLabel(/Claims \(JSON\)/)
        .inputValue()
        .then((text) => JSON.parse(text)),
    ).resolves.toEqual({
      email: "carla@tools.test",
      role: "tenant",
      primary_id: 999,
      region: "emea",
    });
    await form.getByRole("button", { name: "Test these claims" }).click();

    const result = page.getByTestId("claims-result");
    await poll(() => result.getByTestId("claims-group-Regional").textContent()).toBe(
      "Regional — mapping region = emea",
    );
    await expect(result.getByTestId("claims-group-Tenants").textContent()).resolves.toBe(
      "Tenants — mapping role = tenant",
    );
    const accounts = result.getByTestId("claims-table-accounts");
    await expect(accounts.textContent()).resolves.toContain("Sandboxed");
    await expect(accounts.textContent()).resolves.toContain("tenant_id = 999 ← primary_id");
    await expect(result.getByTestId("claims-attributes").textContent()).resolves.toContain(
      "primary_id = 999",
    );
    expect(await seriousViolations(page)).toEqual([]);

    // Nobody was created, signed in or audited as logging in.
    expect((await adminGet("/api/admin/users?email=carla%40tools.test")).users).toEqual([]);

    // Without primary_id the tenant's sandbox fails closed, and the tester says so.
    await form.getByLabel("primary_id", { exact: true }).fill("");
    await form.getByRole("button", { name: "Test these claims" }).click();
    await poll(() => accounts.getByTestId("claims-no-rows").textContent()).toBe(
      "no rows — attribute primary_id missing",
    );
    // Claims a login would refuse: the login's code and message beside the button.
    await form.getByLabel("Email", { exact: true }).fill("");
    await form.getByRole("button", { name: "Test these claims" }).click();
    await poll(() => form.getByTestId("claims-test-error").textContent()).toContain("email claim");
  });

  it("shows the tools with a result, usable and axe-clean at 1280 and 768 px", async () => {
    await page.goto(`${server.url}/admin/sso`);
    const check = page.getByTestId("jwks-check");
    await check.getByLabel("JWKS URL to check").fill(`${jwksBase}/jwks.json`);
    await check.getByRole("button", { name: "Fetch and list keys" }).click();
    await poll(() => check.getByTestId("jwks-keys").count()).toBe(1);
    const form = page.getByTestId("claims-test");
    await form
      .getByLabel(/Claims \(JSON\)/)
      .fill(
        JSON.stringify(
          { email: "carla@tools.test", role: "tenant", primary_id: 999, region: "emea" },
          null,
          2,
        ),
      );
    await form.getByRole("button", { name: "Test these claims" }).click();
    await poll(() => page.getByTestId("claims-table-accounts").textContent()).toContain(
      "tenant_id = 999",
    );
    await page.getByRole("heading", { name: "Claims tester" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath("admin-sso"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 768, height: 900 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifactPath("admin-sso-768"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("adds a user to a group by hand and removes them; their session sees each at once", async () => {
    const jwt = await signSsoToken(host, { secret: ssoSecret });
    const response = await fetch(`${server.url}/api/session/sso`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jwt }),
    });
    expect(response.status).toBe(200);
    const sessionToken = (await response.json()).sessionToken as string;
    expect(await currentGroups(sessionToken)).toEqual(["Customers"]);

    await page.goto(`${server.url}/admin/people`);
    const row = page.getByTestId(`user-${host.email}`);
    // The page streams in behind its loading state: read it once it is shown.
    await row.waitFor({ state: "visible" });
    await expect(row.getByTestId("membership-Customers-mapping").textContent()).resolves.toBe(
      "Customers (via a mapping)",
    );
    // A group held through a mapping offers no Remove: it is not the admin's to take away.
    expect(
      await row.getByRole("button", { name: `Remove ${host.email} from Customers` }).count(),
    ).toBe(0);

    // Nor does an admin-only group (the API refuses it).
    const adminEmail = session.admin.email;
    expect(
      await page.getByRole("button", { name: `Remove ${adminEmail} from Administrators` }).count(),
    ).toBe(0);

    await row.getByLabel(`Group to add ${host.email} to`).selectOption({ label: "Regional" });
    await row.getByRole("button", { name: "Add to group" }).click();
    await poll(() => row.getByTestId("membership-Regional-manual").count()).toBe(1);
    expect(await currentGroups(sessionToken)).toEqual(["Customers", "Regional"]);
    // The next SSO login keeps a manual membership (it re-derives only mapped ones).
    const again = await fetch(`${server.url}/api/session/sso`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jwt: await signSsoToken(host, { secret: ssoSecret }) }),
    });
    expect(await currentGroups((await again.json()).sessionToken)).toEqual([
      "Customers",
      "Regional",
    ]);
    await page.screenshot({ path: artifactPath("admin-people-memberships"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByRole("button", { name: `Remove ${host.email} from Regional` }).click();
    await poll(() => row.getByTestId("membership-Regional-manual").count()).toBe(0);
    expect(await currentGroups(sessionToken)).toEqual(["Customers"]);
    const audit = await adminGet("/api/admin/audit?type=group_membership.removed");
    expect(JSON.stringify(audit)).toContain(host.email);
  });
});
