import pg from "pg";
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
 * The console's Data sources page in a real browser, through the UI only: add a PostgreSQL
 * warehouse (a scratch database made here and dropped afterwards) after testing the connection,
 * sync it and watch the sync finish, curate a column, hide another, and delete — refused for the
 * built-in sample, done (after asking) for the new one.
 */
const run = Date.now();
const POSTGRES_ADMIN_URL =
  process.env.EMBED_TEST_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres";
const SCRATCH_DB = `i11_data_sources_console_${run}`;
const scratchUrl = (() => {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${SCRATCH_DB}`;
  return url.toString();
})();
const SOURCE_NAME = `Billing warehouse ${run}`;

async function onPostgres(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("admin console: data sources", () => {
  let session: ConsoleSession;
  let server: ConsoleSession["server"];
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await onPostgres(POSTGRES_ADMIN_URL, `CREATE DATABASE ${SCRATCH_DB}`);
    await onPostgres(
      scratchUrl,
      `CREATE TABLE customers (customer_id integer PRIMARY KEY, name text NOT NULL, email text);
       CREATE TABLE invoices (invoice_id integer PRIMARY KEY, customer_id integer REFERENCES customers, amount numeric);
       INSERT INTO customers VALUES (1, 'Acme', 'ap@acme.test'), (2, 'Globex', 'ap@globex.test');
       INSERT INTO invoices VALUES (10, 1, 120.5), (11, 2, 80), (12, 1, 42);`,
    );
    session = await startConsoleSession("data-sources");
    ({ server, browser, page } = session);
  });
  afterAll(async () => {
    await session?.stop();
    // The server's pool is gone with it; FORCE ends anything left.
    await onPostgres(POSTGRES_ADMIN_URL, `DROP DATABASE IF EXISTS ${SCRATCH_DB} WITH (FORCE)`);
  });

  it("answers a signed-out visitor with the app's 404", async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    expect((await visitor.goto(`${server.url}/admin/data-sources`))?.status()).toBe(404);
    await context.close();
  });

  it("refuses a wrong password with a readable reason that neither the page nor the log repeats", async () => {
    await session.signIn();
    await page.goto(`${server.url}/admin`);
    await page.getByRole("link", { name: "Data sources" }).click();
    await page.waitForURL(`${server.url}/admin/data-sources`);
    await poll(() => page.getByTestId("data-source-Sample warehouse").count()).toBe(1);

    const form = page.getByTestId("add-data-source");
    const password = `wrong-pw-${run}`;
    const wrong = new URL(scratchUrl);
    wrong.username = "i11_no_such_role";
    wrong.password = password;
    await form.getByLabel("Connection URL").fill(wrong.toString());
    await page.getByRole("button", { name: "Test connection" }).click();
    const error = page.getByTestId("test-connection-error");
    await poll(() => error.textContent()).toMatch(/refused the credentials/);
    expect(await error.textContent()).not.toContain(password);
    expect(server.output.join("")).not.toContain(password);

    // Not a PostgreSQL URL: the schema's own message, beside the form.
    await form.getByLabel("Name").fill(SOURCE_NAME);
    await form.getByLabel("Connection URL").fill("mysql://root:topsecret@127.0.0.1/db");
    await form.getByRole("button", { name: "Save" }).click();
    const saveError = page.getByTestId("add-data-source-error");
    await poll(() => saveError.textContent()).toMatch(/postgres:\/\/ or postgresql:\/\//);
    expect(await saveError.textContent()).not.toContain("topsecret");
  });

  it("tests the connection, saves, syncs with progress to the end, and lists the tables", async () => {
    const form = page.getByTestId("add-data-source");
    await form.getByLabel("Connection URL").fill(scratchUrl);
    await form.getByRole("button", { name: "Test connection" }).click();
    await poll(() => page.getByTestId("test-connection-status").textContent()).toBe(
      "Connected: 2 tables found (postgres).",
    );
    // Testing stored nothing.
    expect(await page.getByTestId(`data-source-${SOURCE_NAME}`).count()).toBe(0);

    await form.getByRole("button", { name: "Save" }).click();
    await poll(() => page.getByTestId("add-data-source-status").textContent()).toBe(
      `Added "${SOURCE_NAME}" with 2 tables.`,
    );
    const row = page.getByTestId(`data-source-${SOURCE_NAME}`);
    await poll(() => row.getByTestId("data-source-tables").textContent()).toBe("2");
    // The URL is never shown back.
    expect(await page.content()).not.toContain(SCRATCH_DB);

    await page.screenshot({ path: screenshotPath("admin-data-sources"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // A table appears in the warehouse; "Sync now" runs in the background and the page follows it.
    await onPostgres(scratchUrl, "CREATE TABLE payments (payment_id integer PRIMARY KEY)");
    await row.getByRole("button", { name: `Sync now: ${SOURCE_NAME}` }).click();
    const summary = row.locator('[data-testid$="-summary"]');
    await poll(() => summary.textContent()).toMatch(/^Last sync: 1 table added, 0 restored/);
    await poll(() => row.getByTestId("data-source-tables").textContent()).toBe("3");
    expect(await row.getByRole("button", { name: `Sync now: ${SOURCE_NAME}` }).isEnabled()).toBe(
      true,
    );
  });

  it("renames a column and hides another on the detail page; the metadata follows", async () => {
    await page.getByRole("link", { name: SOURCE_NAME }).click();
    await page.waitForURL(/\/admin\/data-sources\/\d+$/);
    const dataSourceId = Number(new URL(page.url()).pathname.split("/").pop());
    await poll(() => page.getByTestId("table-payments").count()).toBe(1);

    const name = page.getByTestId("column-form-customers.name");
    await name.getByLabel("Display name of customers.name").fill("Customer name");
    await name.getByRole("button", { name: "Save column customers.name" }).click();
    await poll(() => name.getByTestId("column-form-customers.name-status").textContent()).toBe(
      "Saved customers.name.",
    );
    const email = page.getByTestId("column-form-customers.email");
    await email.getByLabel("customers.email visible").uncheck();
    await email.getByRole("button", { name: "Save column customers.email" }).click();
    await poll(() => email.getByTestId("column-form-customers.email-status").textContent()).toBe(
      "Saved customers.email.",
    );

    // What query builders read: the new name, and no hidden column.
    const metadata = await page.request.get(
      `${server.url}/api/metadata?dataSourceId=${dataSourceId}`,
    );
    const body = (await metadata.json()) as {
      tables: Array<{ name: string; columns: Array<{ name: string; displayName: string }> }>;
    };
    const customers = body.tables.find((table) => table.name === "customers");
    expect(customers?.columns.map((column) => column.name)).toEqual(["customer_id", "name"]);
    expect(customers?.columns.find((column) => column.name === "name")?.displayName).toBe(
      "Customer name",
    );

    await page.reload();
    // The streamed page replaces its loading state; hidden content would answer reads already.
    await poll(() => page.getByTestId("table-customers").isVisible()).toBe(true);
    expect(await page.getByLabel("Display name of customers.name").inputValue()).toBe(
      "Customer name",
    );
    expect(await page.getByLabel("customers.email visible").isChecked()).toBe(false);
    await page.screenshot({ path: screenshotPath("admin-data-source-detail"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 768, height: 900 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifactPath("admin-data-source-detail-768"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("refuses to delete the built-in sample, deletes the new source after asking, and fits 768 px", async () => {
    await page.goto(`${server.url}/admin/data-sources`);
    await poll(() => page.getByTestId("data-sources").isVisible()).toBe(true);
    const sample = page.getByTestId("data-source-Sample warehouse");
    await sample.getByRole("button", { name: "Delete Sample warehouse" }).click();
    await poll(() => sample.locator('[role="alert"]').textContent()).toMatch(
      /built-in sample warehouse: it cannot be deleted/,
    );
    expect(await sample.count()).toBe(1);

    const questions: string[] = [];
    page.once("dialog", (dialog) => questions.push(dialog.message()));
    await page
      .getByTestId(`data-source-${SOURCE_NAME}`)
      .getByRole("button", { name: `Delete ${SOURCE_NAME}` })
      .click();
    await poll(() => page.getByTestId(`data-source-${SOURCE_NAME}`).count()).toBe(0);
    expect(questions).toEqual([
      expect.stringContaining(`Delete the data source "${SOURCE_NAME}"?`),
    ]);

    await page.setViewportSize({ width: 768, height: 900 });
    await page.reload();
    await poll(() => page.getByTestId("data-sources").isVisible()).toBe(true);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifactPath("admin-data-sources-768"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
