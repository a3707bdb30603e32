import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DEVELOPMENT_SECRETS } from "@embed/db";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { describeOnAppDatabases } from "~/__tests__/support/app-database-suite";
import { openGuestDashboard } from "../../embed/guest-dashboard";
import { openGuestQuestion } from "../../embed/guest-question";
import { requireGuestEmbeddingEnabled } from "../../embed/require-guest-embedding-enabled";
import { insertCard, updateCard } from "../cards";
import { createDashboard, listDashboards, updateDashboard } from "../dashboards";
import { exportConfig, importConfig } from "../policy-config";

/** A guest token as `@embed/node`'s signGuestEmbedToken makes it, with the development secret. */
const guestToken = (resource: { dashboard: number } | { question: number }) =>
  new SignJWT({ resource, params: {} })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(DEVELOPMENT_SECRETS.guestEmbedSecret));

describe("requireGuestEmbeddingEnabled (the one guest check)", () => {
  it("lets an enabled item through and refuses a disabled one with 403 guest_embedding_disabled", () => {
    expect(() =>
      requireGuestEmbeddingEnabled("dashboard", { id: 3, guestEmbeddingEnabled: true }),
    ).not.toThrow();
    for (const what of ["dashboard", "question"] as const) {
      expect(() =>
        requireGuestEmbeddingEnabled(what, { id: 3, guestEmbeddingEnabled: false }),
      ).toThrow(
        expect.objectContaining({
          code: "guest_embedding_disabled",
          status: 403,
          publicMessage: expect.stringContaining(`${what} 3`),
        }),
      );
    }
  });
});

describeOnAppDatabases("the guest-embedding switch", "guest-switch", (database) => {
  let actor: number;
  let dataSourceId: number;
  const account = {
    id: "account",
    slug: "account_id",
    name: "Account",
    type: "category" as const,
  };

  beforeAll(async () => {
    const { prisma } = database();
    actor = (await prisma.user.create({ data: { email: "root@example.com", isAdmin: true } })).id;
    dataSourceId = (
      await prisma.dataSource.create({ data: { name: "Shop", kind: "embedded_sample" } })
    ).id;
    // The synced metadata the config import checks a question's query against.
    await prisma.syncedTable.create({
      data: {
        dataSourceId,
        schema: "public",
        name: "orders",
        displayName: "Orders",
        columns: {
          create: ["id", "account_id", "total"].map((name, position) => ({
            name,
            displayName: name,
            databaseType: "integer",
            semanticType: "number",
            position,
          })),
        },
      },
    });
  }, 120_000);

  const newCard = (name: string) =>
    database().prisma.$transaction((tx) =>
      insertCard(
        tx,
        {
          name,
          description: null,
          collectionId: null,
          display: "table",
          dataSourceId,
          queryKind: "structured",
          query: { source: "orders" },
          visualizationSettings: {},
          parameters: [],
        },
        actor,
      ),
    );

  it("starts off for new dashboards and questions, and the admin services turn it on and off", async () => {
    const dashboard = await createDashboard({ name: "Revenue" }, actor);
    expect(dashboard.guestEmbeddingEnabled).toBe(false);
    const card = await newCard("Orders");
    expect(card.guestEmbeddingEnabled).toBe(false);

    const opened = await updateDashboard(dashboard.id, { guestEmbeddingEnabled: true }, actor);
    expect(opened.guestEmbeddingEnabled).toBe(true);
    expect((await listDashboards({})).find((d) => d.id === dashboard.id)).toMatchObject({
      guestEmbeddingEnabled: true,
    });
    expect(
      (await updateCard(card.id, { guestEmbeddingEnabled: true }, actor)).guestEmbeddingEnabled,
    ).toBe(true);
    expect(
      (await updateCard(card.id, { guestEmbeddingEnabled: false }, actor)).guestEmbeddingEnabled,
    ).toBe(false);
    // Created open when asked.
    expect(
      (await createDashboard({ name: "Open", guestEmbeddingEnabled: true }, actor))
        .guestEmbeddingEnabled,
    ).toBe(true);
    const audit = await database().prisma.auditEvent.findMany({
      where: {
        type: "content.changed",
        resourceType: "dashboard",
        resourceId: String(dashboard.id),
      },
      orderBy: { id: "asc" },
    });
    expect(audit.at(-1)?.payload).toMatchObject({ fields: ["guestEmbeddingEnabled"] });
  });

  it("a guest token opens nothing whose switch is off, from the very next request after turning it off", async () => {
    const dashboard = await createDashboard({ name: "Guests" }, actor);
    const dashboardToken = await guestToken({ dashboard: dashboard.id });
    await expect(openGuestDashboard(dashboardToken)).rejects.toMatchObject({
      code: "guest_embedding_disabled",
      status: 403,
    });
    await updateDashboard(dashboard.id, { guestEmbeddingEnabled: true }, actor);
    // On: past the switch, to the dashboard's own answer (it has no cards a guest could see).
    await expect(openGuestDashboard(dashboardToken)).rejects.toMatchObject({
      code: "dashboard_not_found",
    });
    // Off again: the cached definition is keyed by the configuration version, which the change raised.
    await updateDashboard(dashboard.id, { guestEmbeddingEnabled: false }, actor);
    await expect(openGuestDashboard(dashboardToken)).rejects.toMatchObject({
      code: "guest_embedding_disabled",
    });

    const card = await newCard("Guest orders");
    const questionToken = await guestToken({ question: card.id });
    await expect(openGuestQuestion(questionToken)).rejects.toMatchObject({
      code: "guest_embedding_disabled",
      status: 403,
    });
    await updateCard(card.id, { guestEmbeddingEnabled: true }, actor);
    const guest = await openGuestQuestion(questionToken);
    expect(guest.card.id).toBe(card.id);
    await updateCard(card.id, { guestEmbeddingEnabled: false }, actor);
    await expect(openGuestQuestion(questionToken)).rejects.toMatchObject({
      code: "guest_embedding_disabled",
    });
  });

  it("the config document exports the switch and imports it through the same services", async () => {
    const dashboard = await createDashboard(
      { name: "Exported", guestEmbeddingEnabled: true },
      actor,
    );
    const card = await newCard("Exported question");
    const doc = await exportConfig();
    const docDashboard = doc.dashboards.find((d) => d.entityId === dashboard.entityId);
    const docCard = doc.cards.find((c) => c.entityId === card.entityId);
    expect(docDashboard?.guestEmbeddingEnabled).toBe(true);
    expect(docCard?.guestEmbeddingEnabled).toBe(false);

    // Unchanged document: nothing to update.
    const same = await importConfig(doc, actor);
    expect(same.changed).toBe(false);

    // Flipped in the document: flipped in the database.
    if (!docDashboard || !docCard) throw new Error("exported items missing");
    docDashboard.guestEmbeddingEnabled = false;
    docCard.guestEmbeddingEnabled = true;
    const { summary: flipped } = await importConfig(doc, actor);
    expect([flipped.dashboards.updated, flipped.cards.updated]).toEqual([1, 1]);
    const { prisma } = database();
    expect(
      (await prisma.dashboard.findUniqueOrThrow({ where: { id: dashboard.id } }))
        .guestEmbeddingEnabled,
    ).toBe(false);
    expect(
      (await prisma.card.findUniqueOrThrow({ where: { id: card.id } })).guestEmbeddingEnabled,
    ).toBe(true);
    const reexported = await exportConfig();
    expect(reexported.dashboards.find((d) => d.entityId === dashboard.entityId)).toEqual(
      docDashboard,
    );

    // A document written before the switch (no field) leaves it as it is.
    delete docCard.guestEmbeddingEnabled;
    const older = await importConfig(doc, actor);
    expect(older.changed).toBe(false);
    expect(
      (await prisma.card.findUniqueOrThrow({ where: { id: card.id } })).guestEmbeddingEnabled,
    ).toBe(true);
  });

  it("the upgrade opens only content that already locks a parameter", async () => {
    const { prisma } = database();
    const locked = await createDashboard(
      { name: "Locked before", parameters: [{ ...account, embedding: "locked" }] },
      actor,
    );
    const editable = await createDashboard(
      { name: "Editable before", parameters: [{ ...account, embedding: "enabled" }] },
      actor,
    );
    const plain = await newCard("Plain before");
    const lockedCard = await newCard("Locked card before");
    await prisma.card.update({
      where: { id: lockedCard.id },
      data: {
        parameters: [{ ...account, embedding: "locked", target: { column: "account_id" } }],
      },
    });
    // A malformed parameters value must not break the upgrade.
    await prisma.card.update({ where: { id: plain.id }, data: { parameters: { not: "a list" } } });
    for (const statement of backfillStatements()) await prisma.$executeRawUnsafe(statement);
    const enabled = async (model: "dashboard" | "card", id: number) =>
      model === "dashboard"
        ? (await prisma.dashboard.findUniqueOrThrow({ where: { id } })).guestEmbeddingEnabled
        : (await prisma.card.findUniqueOrThrow({ where: { id } })).guestEmbeddingEnabled;
    expect(await enabled("dashboard", locked.id)).toBe(true);
    expect(await enabled("dashboard", editable.id)).toBe(false);
    expect(await enabled("card", lockedCard.id)).toBe(true);
    expect(await enabled("card", plain.id)).toBe(false);
  });
});

/** The migration's backfill (its UPDATE statements), run again on rows written after it. */
function backfillStatements(): string[] {
  const migrations = path.resolve(__dirname, "../../../../../../packages/db/prisma/migrations");
  const folder = readdirSync(migrations).find((name) => name.endsWith("_guest_embedding_switch"));
  if (!folder) throw new Error("the guest_embedding_switch migration is missing");
  const sql = readFileSync(path.join(migrations, folder, "migration.sql"), "utf8");
  const updates = sql
    .split(";")
    .map((statement) => statement.replace(/^\s*--.*$/gm, "").trim())
    .filter((statement) => statement.startsWith("UPDATE"));
  expect(updates).toHaveLength(2);
  return updates;
}
