import { randomBytes } from "node:crypto";
import { signSsoToken } from "@embed/node";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactPath } from "./browser";
import { seriousViolations } from "./support/accessibility";
import {
  type ConsoleSession,
  poll,
  screenshotPath,
  startConsoleSession,
} from "./support/admin-console";

const GROUP = "Account viewers";

/**
 * The console's Data permissions page in a real browser, on a private production server with the
 * demo seeded: the admin sandboxes a table for a group in the grid, gives it a row policy
 * `account_id = {{primary_id}}`, and "views as" a customer of account 1 — only that account's
 * rows, with the filter and its bound value in the SQL. Only the group is made through the API.
 */
describe("admin console: data permissions", () => {
  const ssoSecret = randomBytes(32).toString("base64url");
  const customer = {
    email: "carla@permissions.test",
    attributes: { role: "customer", primary_id: 1 },
  };
  let session: ConsoleSession;
  let page: Page;
  let url: string;

  /** The texts of a result table's column `name`, one per row. */
  async function columnValues(table: Locator, name: string): Promise<string[]> {
    const headers = await table.locator("thead th").allTextContents();
    const index = headers.indexOf(name);
    expect(index).toBeGreaterThanOrEqual(0);
    return table.locator(`tbody tr td:nth-child(${index + 1})`).allTextContents();
  }

  beforeAll(async () => {
    session = await startConsoleSession("permissions", { EMBED_JWT_SHARED_SECRET: ssoSecret });
    ({ page } = session);
    url = session.server.url;
    // Setup through the API: a fresh group, and the customer's first SSO sign-in (so the user
    // and their attributes exist, as after any real login).
    const login = await fetch(`${url}/api/session/password`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(session.admin),
    });
    const { sessionToken } = (await login.json()) as { sessionToken: string };
    const group = await fetch(`${url}/api/admin/groups`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${sessionToken}` },
      body: JSON.stringify({ name: GROUP }),
    });
    expect(group.status).toBe(201);
    const sso = await fetch(`${url}/api/session/sso`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jwt: await signSsoToken(customer, { secret: ssoSecret }) }),
    });
    expect(sso.status).toBe(200);
  });
  afterAll(() => session?.stop());

  it("answers a signed-out visitor with the app's 404", async () => {
    const context = await session.browser.newContext();
    const visitor = await context.newPage();
    expect((await visitor.goto(`${url}/admin/permissions`))?.status()).toBe(404);
    await context.close();
  });

  it("sandboxes a table in the grid: closed (no rows) until a row policy is set", async () => {
    await session.signIn();
    await page.goto(`${url}/admin`);
    await page.getByRole("link", { name: "Data permissions" }).click();
    await page.waitForURL(`${url}/admin/permissions`);

    // The demo's own groups are sandboxed with policies; the admins' row is read-only.
    const grid = page.getByTestId("permission-grid");
    await expect(grid.getByTestId("grid-row-Administrators").textContent()).resolves.toContain(
      "full (admins)",
    );
    expect(await grid.getByTestId("grid-row-Administrators").locator("select").count()).toBe(0);

    const cell = page.getByTestId(`cell-${GROUP}-accounts`);
    const level = page.getByLabel(`Access of ${GROUP} to accounts`);
    await expect(level.inputValue()).resolves.toBe("none");
    await level.selectOption("sandboxed");
    await poll(() => cell.getByTestId(`cell-${GROUP}-accounts-status`).textContent()).toBe(
      "Saved: sandboxed.",
    );
    await poll(() => cell.getByTestId("cell-warning").textContent()).toBe("No row policy: no rows");
    await expect(page.getByTestId("permission-warnings").textContent()).resolves.toContain(
      `${GROUP} on accounts: No row policy: this group gets no rows until one is set.`,
    );

    // View as a member of the group before any row policy: nothing, never everything.
    await viewAs({ primary_id: 1 });
    await poll(() => page.getByTestId("view-as-rows-empty").count()).toBe(1);
    await expect(page.getByTestId("view-as-policy").textContent()).resolves.toContain(
      "accounts: sandboxed without a row policy — no rows.",
    );
  });

  async function viewAs(attributes: Record<string, unknown>) {
    const form = page.getByTestId("view-as-form");
    await form.getByLabel("An attribute set").check();
    await form
      .getByLabel("Attributes (JSON, as the SSO token's claims)")
      .fill(JSON.stringify(attributes));
    const group = form.getByRole("checkbox", { name: GROUP });
    if (!(await group.isChecked())) await group.check();
    await form.getByLabel("Question or dashboard card").selectOption({
      label: "Account overview › Accounts",
    });
    await form.getByRole("button", { name: "View as" }).click();
    await poll(() => page.getByTestId("view-as-result").count()).toBe(1);
  }

  it("adds a row policy column = attribute; view as account 1 shows only its rows and the SQL", async () => {
    await page.getByRole("link", { name: `(policies of ${GROUP} on accounts)` }).click();
    await page.waitForURL(/groupId=\d+&tableId=\d+/);
    const editor = page.getByTestId("row-policy-editor");
    await editor.getByLabel("Column = attribute").check();
    await editor.getByLabel("Column of accounts").selectOption({ label: "account_id" });
    // The attribute names seen on users and mappings are offered.
    const suggestions = await editor
      .locator("datalist option")
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(suggestions).toEqual(expect.arrayContaining(["primary_id", "role"]));
    await editor.getByLabel("User attribute").fill("primary_id");
    await editor.getByRole("button", { name: "Save row policy" }).click();
    await poll(() => page.getByTestId("row-policy-status").textContent()).toBe("Row policy saved.");
    const cell = page.getByTestId(`cell-${GROUP}-accounts`);
    await poll(() => cell.getByTestId("cell-warning").count()).toBe(0);
    await expect(cell.textContent()).resolves.toContain("account_id = {{primary_id}}");

    await viewAs({ primary_id: 1 });
    const rows = page.getByTestId("view-as-rows");
    await poll(() => rows.count()).toBe(1);
    expect(await columnValues(rows, "account_id")).toEqual(["1"]);
    const sql = (await page.getByTestId("view-as-sql").textContent()) ?? "";
    expect(sql).toMatch(/"account_id" = \$\d/);
    await expect(page.getByTestId("view-as-parameters").textContent()).resolves.toContain("= 1");
    await expect(page.getByTestId("view-as-policy").textContent()).resolves.toContain(
      "accounts: rows where account_id = 1.",
    );

    // Another account's attributes: its row, not account 1's.
    await viewAs({ primary_id: 2 });
    await poll(async () => columnValues(page.getByTestId("view-as-rows"), "account_id")).toEqual([
      "2",
    ]);
    // No attribute: no rows.
    await viewAs({ role: "nobody" });
    await poll(() => page.getByTestId("view-as-rows-empty").count()).toBe(1);
    await expect(page.getByTestId("view-as-policy").textContent()).resolves.toContain(
      "attribute missing — no rows",
    );
  });

  it("views as a stored user found by email (the demo's Customers policy)", async () => {
    const form = page.getByTestId("view-as-form");
    await form.getByLabel("A user", { exact: true }).check();
    await form.getByLabel("Search users by email").fill("carla@");
    await form.getByRole("button", { name: "Search", exact: true }).click();
    await poll(() => page.getByTestId("view-as-search-status").textContent()).toBe(
      "1 user(s) found.",
    );
    await expect(form.getByTestId("view-as-user").inputValue()).resolves.not.toBe("");
    await form.getByLabel("Question or dashboard card").selectOption({
      label: "Account overview › Accounts",
    });
    await form.getByRole("button", { name: "View as" }).click();
    await poll(() => page.getByTestId("view-as-subject").textContent()).toContain(customer.email);
    await expect(page.getByTestId("view-as-subject").textContent()).resolves.toContain("Customers");
    expect(await columnValues(page.getByTestId("view-as-rows"), "account_id")).toEqual(["1"]);

    // An open cell, flagged plainly in the grid and in the list below it.
    await page.getByLabel(`Access of ${GROUP} to orders`).selectOption("full");
    await poll(() =>
      page.getByTestId(`cell-${GROUP}-orders`).getByTestId("cell-warning").textContent(),
    ).toBe("Every row");
    await expect(page.getByTestId("permission-warnings").textContent()).resolves.toContain(
      `${GROUP} on orders: Full access: this group reads every row.`,
    );
    await page.screenshot({ path: screenshotPath("admin-permissions"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("refuses a SQL view with an unknown placeholder beside the field; previews a good one", async () => {
    const editor = page.getByTestId("row-policy-editor");
    await editor.getByLabel("SQL view", { exact: true }).check();
    const sql = editor.getByLabel(/^SQL view \(use/);
    await sql.fill("SELECT * FROM accounts WHERE account_id = {{no_such_attribute}}");
    await editor.getByLabel("Attributes to preview with (JSON)").fill('{"primary_id": 1}');
    await editor.getByRole("button", { name: "Preview" }).click();
    await poll(() => page.getByTestId("sql-view-preview-error").textContent()).toContain(
      "Unknown placeholder {{no_such_attribute}}",
    );
    // A "$1" parameter is refused on saving, the API's message beside the field.
    await sql.fill("SELECT * FROM accounts WHERE account_id = $1");
    await editor.getByRole("button", { name: "Save row policy" }).click();
    await poll(() => page.getByTestId("row-policy-error").textContent()).toContain(
      "{{attribute}} placeholders",
    );

    await sql.fill("SELECT * FROM accounts WHERE account_id = {{primary_id}}");
    await editor.getByRole("button", { name: "Preview" }).click();
    await poll(() => page.getByTestId("sql-view-preview-status").textContent()).toBe(
      "1 row(s) through the view (not saved).",
    );
    expect(await columnValues(page.getByTestId("sql-view-preview-rows"), "account_id")).toEqual([
      "1",
    ]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("picks columns, restores all after asking, and deletes the row policy after asking", async () => {
    await page.reload();
    const picker = page.getByTestId("column-picker");
    await picker.getByRole("checkbox", { name: "plan", exact: true }).uncheck();
    await picker.getByRole("button", { name: "Save columns" }).click();
    await poll(() => page.getByTestId("column-policy-status").textContent()).toMatch(
      /^Saved: \d+ of \d+ columns visible\.$/,
    );
    await viewAs({ primary_id: 1 });
    await poll(async () =>
      page.getByTestId("view-as-rows").locator("thead th").allTextContents(),
    ).not.toContain("plan");

    await page.getByRole("button", { name: "All columns" }).click();
    await poll(() => page.getByTestId("column-policy-reset-status").textContent()).toBe(
      "Every column is visible again.",
    );

    await page
      .getByRole("button", { name: `Delete the row policy of ${GROUP} on accounts` })
      .click();
    const cell = page.getByTestId(`cell-${GROUP}-accounts`);
    await poll(() => cell.getByTestId("cell-warning").textContent()).toBe("No row policy: no rows");

    // Full access is flagged plainly too.
    await page.getByLabel(`Access of ${GROUP} to accounts`).selectOption("full");
    await poll(() => cell.getByTestId("cell-warning").textContent()).toBe("Every row");
  });

  it("is usable at 768 px: only the grid scrolls, inside its own box", async () => {
    await page.setViewportSize({ width: 768, height: 900 });
    await page.reload();
    await viewAs({ primary_id: 1 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifactPath("admin-permissions-768"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
