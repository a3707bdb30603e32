import { randomBytes } from "node:crypto";
import { signSsoToken } from "@embed/node";
import type { Browser, Page } from "playwright-core";
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
 * The console's People and groups page in a real browser, on a private production server: the
 * admin adds a mapping and deactivates a user through the UI only; the API shows the effect.
 */
describe("admin console: people and groups", () => {
  const ssoSecret = randomBytes(32).toString("base64url");
  const analyst = { email: "ana@people.test", attributes: { role: "analyst", primary_id: 7 } };
  let session: ConsoleSession;
  let server: ConsoleSession["server"];
  let browser: Browser;
  let page: Page;

  const ssoLogin = async () => {
    const jwt = await signSsoToken(analyst, { secret: ssoSecret });
    const response = await fetch(`${server.url}/api/session/sso`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jwt }),
    });
    return { status: response.status, body: await response.json() };
  };
  const currentUser = async (sessionToken: string) => {
    const response = await fetch(`${server.url}/api/user/current`, {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    return { status: response.status, body: await response.json() };
  };
  beforeAll(async () => {
    session = await startConsoleSession("people", { EMBED_JWT_SHARED_SECRET: ssoSecret });
    ({ server, browser, page } = session);
  });
  afterAll(() => session?.stop());

  it("answers a signed-out visitor with the app's 404", async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    expect((await visitor.goto(`${server.url}/admin/people`))?.status()).toBe(404);
    await context.close();
  });

  it("adds a group and a mapping through the UI, and the next SSO login lands in the group", async () => {
    await session.signIn();
    await page.goto(`${server.url}/admin`);
    await page.getByRole("link", { name: "People and groups" }).click();
    await page.waitForURL(`${server.url}/admin/people`);

    // Before the mapping the analyst's login gives no group.
    const before = await ssoLogin();
    expect(before.status).toBe(200);
    expect((await currentUser(before.body.sessionToken)).body.groups).toEqual([]);

    await page.getByLabel("New group name").fill("Analysts");
    await page.getByRole("button", { name: "Create group" }).click();
    await poll(() => page.getByTestId("create-group-status").textContent()).toBe(
      'Created the group "Analysts".',
    );
    // A second one by the same name: the API's own message beside the form.
    await page.getByLabel("New group name").fill("Analysts");
    await page.getByRole("button", { name: "Create group" }).click();
    await poll(() => page.getByTestId("create-group-error").textContent()).toContain(
      "already exists",
    );

    const form = page.getByTestId("add-mapping");
    // No group chosen: the form checks the body with the route's own schema and shows the
    // message the API would answer, without sending anything.
    const mappingPosts: string[] = [];
    const countPosts = (request: { url(): string; method(): string }) => {
      if (request.method() === "POST" && request.url().endsWith("/api/admin/group-mappings")) {
        mappingPosts.push(request.url());
      }
    };
    page.on("request", countPosts);
    await form.getByLabel("Attribute").fill("role");
    await form.getByLabel("Value").fill("analyst");
    await form.getByRole("button", { name: "Add mapping" }).click();
    await poll(() => page.getByTestId("add-mapping-error").textContent()).toContain(
      'The request body is invalid at "groupId"',
    );
    expect(mappingPosts).toEqual([]);
    page.off("request", countPosts);
    await form.getByLabel("Group").selectOption({ label: "Analysts" });
    await form.getByRole("button", { name: "Add mapping" }).click();
    await poll(() => page.getByTestId("add-mapping-status").textContent()).toBe(
      "Added: role = analyst → Analysts.",
    );
    await poll(() => page.getByTestId("mapping-role = analyst → Analysts").count()).toBe(1);

    const after = await ssoLogin();
    expect(after.status).toBe(200);
    const current = await currentUser(after.body.sessionToken);
    expect(current.status).toBe(200);
    expect(current.body.groups.map((group: { name: string }) => group.name)).toEqual(["Analysts"]);
    // The rule's live count: the one user whose last login carried role=analyst.
    await page.reload();
    await expect(
      page
        .getByTestId("mapping-role = analyst → Analysts")
        .getByTestId("mapping-users")
        .textContent(),
    ).resolves.toBe("1");
  });

  it("finds the user by search and deactivates them: their session is refused at once", async () => {
    const { body } = await ssoLogin();
    const session = body.sessionToken as string;
    expect((await currentUser(session)).status).toBe(200);

    await page.getByLabel("Search by email or name").fill("ANA@people");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/q=ANA%40people/);
    // The page streams in behind its loading state: read it once it is shown.
    await page.getByTestId("users").waitFor({ state: "visible" });
    const row = page.getByTestId(`user-${analyst.email}`);
    await expect(page.getByTestId("users").locator("tbody tr").count()).resolves.toBe(1);
    await expect(row.getByTestId("user-groups").locator("li").allTextContents()).resolves.toEqual([
      "Analysts (via a mapping)",
    ]);
    await expect(row.getByTestId("user-status").textContent()).resolves.toBe("Active");
    expect(Number(await row.getByTestId("user-sessions").textContent())).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: screenshotPath("admin-people"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // Ending their sessions signs them out, but they may sign in again.
    await row.getByRole("button", { name: `End sessions of ${analyst.email}` }).click();
    await poll(() => row.getByTestId("user-sessions").textContent()).toBe("0");
    const ended = await currentUser(session);
    expect([ended.status, ended.body.error.code]).toEqual([401, "session_revoked"]);
    const again = (await ssoLogin()).body.sessionToken as string;
    expect((await currentUser(again)).status).toBe(200);

    await row.getByRole("button", { name: `Deactivate ${analyst.email}` }).click();
    await poll(() => row.getByTestId("user-status").textContent()).toBe("Deactivated");
    const refused = await currentUser(again);
    expect([refused.status, refused.body.error.code]).toEqual([401, "session_revoked"]);
    expect((await ssoLogin()).status).toBe(403);

    await row.getByRole("button", { name: `Reactivate ${analyst.email}` }).click();
    await poll(() => row.getByTestId("user-status").textContent()).toBe("Active");
    expect((await ssoLogin()).status).toBe(200);
  });

  it("renames the group (a taken name is refused beside the form), deletes the mapping and the group after asking", async () => {
    await page.goto(`${server.url}/admin/people`);
    const rename = page.getByTestId("rename-group");
    await rename.getByLabel("Group to rename").selectOption({ label: "Analysts" });
    await rename.getByLabel("New name").fill("Tenants");
    await rename.getByRole("button", { name: "Rename group" }).click();
    await poll(() => page.getByTestId("rename-group-error").textContent()).toContain(
      "already exists",
    );
    await rename.getByLabel("New name").fill("Data analysts");
    await rename.getByRole("button", { name: "Rename group" }).click();
    await poll(() => page.getByTestId("rename-group-status").textContent()).toBe(
      'Renamed to "Data analysts".',
    );
    // The mapping follows the group it points at.
    const rule = "role = analyst → Data analysts";
    await poll(() => page.getByTestId(`mapping-${rule}`).count()).toBe(1);

    await page.getByRole("button", { name: `Delete the mapping ${rule}` }).click();
    await poll(() => page.getByTestId(`mapping-${rule}`).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // The group itself, after asking; the built-in admin group offers no delete.
    expect(
      await page.getByRole("button", { name: "Delete the group Administrators" }).count(),
    ).toBe(0);
    await page.getByRole("button", { name: "Delete the group Data analysts" }).click();
    await poll(() => page.getByTestId("group-Data analysts").count()).toBe(0);
    const current = await currentUser((await ssoLogin()).body.sessionToken);
    expect(current.body.groups).toEqual([]);

    // Usable at 768 px: nothing but the users table (which scrolls in its own box) is wider.
    await page.setViewportSize({ width: 768, height: 900 });
    await page.reload();
    await page.getByTestId("groups").waitFor({ state: "visible" });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifactPath("admin-people-768"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
