// The app-database contract, written once and run per target (pglite.test.ts, postgres.test.ts).
import { createHash } from "node:crypto";
import { appendFile, cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type AppDatabase,
  countUsersPerMapping,
  ensureAdminUser,
  findMappedGroups,
  findSession,
  isUniqueViolation,
  MigrationError,
  migrateAppDatabase,
  openAppDatabase,
  Prisma,
  readConfigVersion,
  recordSsoLogin,
  type SsoLoginInput,
  type SsoLoginResult,
  seedDemoConfig,
} from "../../index.js";
import { type DbTarget, makeTempDir } from "./targets.js";

const MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

const APP_TABLES = [
  "audit_events",
  "cards",
  "collections",
  "column_policies",
  "column_policy_columns",
  "dashboard_cards",
  "dashboards",
  "data_sources",
  "group_mappings",
  "group_memberships",
  "groups",
  "login_throttles",
  "native_query_grants",
  "row_policies",
  "sessions",
  "setting_secrets",
  "settings",
  "synced_columns",
  "synced_tables",
  "table_permissions",
  "used_sso_tokens",
  "users",
];

interface MigrationRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

async function localMigrations(dir = MIGRATIONS_DIR) {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  return Promise.all(
    names.sort().map(async (name) => {
      const sql = await readFile(join(dir, name, "migration.sql"));
      return { name, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

function migrationRows(db: AppDatabase) {
  return db.prisma.$queryRaw<MigrationRow[]>`
    SELECT id, migration_name, checksum, finished_at, rolled_back_at, logs, applied_steps_count
      FROM "_prisma_migrations" ORDER BY migration_name`;
}

async function tableExists(db: AppDatabase, table: string): Promise<boolean> {
  const rows = await db.prisma.$queryRaw<{ found: string | null }[]>`
    SELECT to_regclass(${table})::text AS found`;
  return rows[0]?.found != null;
}

async function copyMigrations(): Promise<{ path: string; dispose(): Promise<void> }> {
  const dir = await makeTempDir("embed-db-migrations-");
  await cp(MIGRATIONS_DIR, dir.path, { recursive: true });
  return dir;
}

async function countSeededRows(db: AppDatabase) {
  const p = db.prisma;
  return {
    groups: await p.group.count(),
    groupMappings: await p.groupMapping.count(),
    dataSources: await p.dataSource.count(),
    syncedTables: await p.syncedTable.count(),
    syncedColumns: await p.syncedColumn.count(),
    tablePermissions: await p.tablePermission.count(),
    rowPolicies: await p.rowPolicy.count(),
    collections: await p.collection.count(),
    dashboards: await p.dashboard.count(),
    cards: await p.card.count(),
    dashboardCards: await p.dashboardCard.count(),
    settings: await p.setting.count(),
    settingSecrets: await p.settingSecret.count(),
  };
}

export function describeDbContract(target: DbTarget): void {
  describe(`app database contract on ${target.name}`, () => {
    beforeAll(() => target.setup());
    afterAll(() => target.teardown());
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      // Close databases before deleting the folders they live in.
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function openEmpty(): Promise<AppDatabase & { reopen(): Promise<AppDatabase> }> {
      const options = await target.createEmptyDatabase();
      const open = async () => {
        const db = await openAppDatabase(options);
        cleanups.push(() => db.close());
        return db;
      };
      const db = await open();
      return Object.assign(db, { reopen: open });
    }

    async function openMigrated(): Promise<AppDatabase> {
      const db = await openEmpty();
      await migrateAppDatabase(db);
      return db;
    }

    it("migrates an empty database to the latest migration, in Prisma's bookkeeping format", async () => {
      const db = await openEmpty();
      const expected = await localMigrations();

      const { applied } = await migrateAppDatabase(db);

      expect(applied).toEqual(expected.map((migration) => migration.name));
      for (const table of APP_TABLES) expect(await tableExists(db, table)).toBe(true);
      const rows = await migrationRows(db);
      expect(rows).toHaveLength(expected.length);
      for (const [index, row] of rows.entries()) {
        expect(row).toMatchObject({
          migration_name: expected[index]?.name,
          checksum: expected[index]?.checksum,
          rolled_back_at: null,
          logs: null,
          applied_steps_count: 1,
        });
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
      }
    });

    it("does nothing when the database is up to date, also from a new connection", async () => {
      const db = await openEmpty();
      await migrateAppDatabase(db);
      const before = await migrationRows(db);

      expect(await migrateAppDatabase(db)).toEqual({ applied: [] });
      const again = await db.reopen();
      expect(await migrateAppDatabase(again)).toEqual({ applied: [] });
      expect(await migrationRows(again)).toEqual(before);
    });

    it("rolls a failing migration back completely and refuses to go on", async () => {
      const migrations = await copyMigrations();
      cleanups.push(migrations.dispose);
      const broken = "99990101000000_broken";
      await mkdir(join(migrations.path, broken));
      await writeFile(
        join(migrations.path, broken, "migration.sql"),
        'CREATE TABLE "half_done" ("id" INTEGER);\nINSERT INTO "no_such_table" VALUES (1);\n',
      );
      const db = await openEmpty();

      const attempt = migrateAppDatabase(db, { migrationsDir: migrations.path });

      await expect(attempt).rejects.toBeInstanceOf(MigrationError);
      await expect(attempt).rejects.toMatchObject({
        code: "migration_failed",
        migrationName: broken,
      });
      await expect(attempt).rejects.toThrow(
        /Migration "99990101000000_broken" failed and was rolled back.*will not start.*no_such_table/s,
      );
      expect(await tableExists(db, "half_done")).toBe(false);
      const recorded = (await migrationRows(db)).map((row) => row.migration_name);
      expect(recorded).toEqual((await localMigrations()).map((migration) => migration.name));
      // The migrations before the broken one stay applied: each has its own transaction.
      expect(await tableExists(db, "users")).toBe(true);
    });

    it("refuses an applied migration whose migration.sql changed, but not a line-ending change", async () => {
      const migrations = await copyMigrations();
      cleanups.push(migrations.dispose);
      const [first] = await localMigrations(migrations.path);
      if (!first) throw new Error("expected at least one migration");
      const file = join(migrations.path, first.name, "migration.sql");
      const db = await openEmpty();
      await migrateAppDatabase(db, { migrationsDir: migrations.path });

      await writeFile(file, (await readFile(file, "utf8")).replaceAll("\n", "\r\n"));
      expect(await migrateAppDatabase(db, { migrationsDir: migrations.path })).toEqual({
        applied: [],
      });

      await appendFile(file, "\n-- edited after it was applied\n");
      const attempt = migrateAppDatabase(db, { migrationsDir: migrations.path });
      await expect(attempt).rejects.toMatchObject({
        code: "migration_checksum_mismatch",
        migrationName: first.name,
      });
      await expect(attempt).rejects.toThrow(/modified after it was applied/);
    });

    it("refuses a database that has a migration this version does not know", async () => {
      const db = await openMigrated();
      await db.prisma.$executeRaw`
        INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
        VALUES ('00000000-0000-4000-8000-000000000000', 'abc', now(), '29990101000000_from_the_future', 1)`;

      await expect(migrateAppDatabase(db)).rejects.toMatchObject({
        code: "migration_unknown",
        migrationName: "29990101000000_from_the_future",
      });
    });

    it("applies each migration once when two servers migrate at the same time", async (context) => {
      if (!target.hasIndependentSessions) {
        context.skip("pglite-socket serves every connection from one session");
      }
      const first = await openEmpty();
      const second = await first.reopen();

      const results = await Promise.all([migrateAppDatabase(first), migrateAppDatabase(second)]);

      const appliedTwice = results.flatMap((result) => result.applied).sort();
      expect(appliedTwice).toEqual((await localMigrations()).map((migration) => migration.name));
      expect(await migrationRows(first)).toHaveLength(appliedTwice.length);
    });

    it("seeds the demo configuration once, however often it runs", async () => {
      const db = await openMigrated();
      const options = { warehouse: { kind: "embedded_sample" }, isProduction: false } as const;

      const first = await seedDemoConfig(db.prisma, options);
      const afterFirst = await countSeededRows(db);
      const second = await seedDemoConfig(db.prisma, options);

      expect(first.developmentSecretsWritten).toEqual(["jwt_shared_secret", "guest_embed_secret"]);
      expect(second).toEqual({ ...first, developmentSecretsWritten: [] });
      expect(await countSeededRows(db)).toEqual(afterFirst);
      expect(afterFirst).toEqual({
        groups: 3,
        groupMappings: 2,
        dataSources: 1,
        syncedTables: 4,
        syncedColumns: 27,
        tablePermissions: 8,
        rowPolicies: 8,
        collections: 1,
        dashboards: 1,
        cards: 6,
        dashboardCards: 6,
        settings: 2,
        settingSecrets: 2,
      });
      // The sample host's guest page embeds the demo dashboard; its questions stay closed to guests.
      expect(
        (await db.prisma.dashboard.findMany({ select: { guestEmbeddingEnabled: true } })).map(
          (dashboard) => dashboard.guestEmbeddingEnabled,
        ),
      ).toEqual([true]);
      expect(await db.prisma.card.count({ where: { guestEmbeddingEnabled: true } })).toBe(0);
    });

    it("seeds row policies, foreign keys and marked development secrets as designed", async () => {
      const db = await openMigrated();
      await seedDemoConfig(db.prisma, {
        warehouse: { kind: "embedded_sample" },
        isProduction: false,
      });

      const policies = await db.prisma.rowPolicy.findMany({
        where: { table: { name: "orders" } },
        select: {
          group: { select: { name: true } },
          column: { select: { name: true } },
          attributeName: true,
        },
        orderBy: { group: { name: "asc" } },
      });
      expect(policies).toEqual([
        {
          group: { name: "Customers" },
          column: { name: "account_id" },
          attributeName: "primary_id",
        },
        { group: { name: "Tenants" }, column: { name: "tenant_id" }, attributeName: "primary_id" },
      ]);
      const fk = await db.prisma.syncedColumn.findFirstOrThrow({
        where: { name: "account_id", table: { name: "invoices" } },
        select: { foreignKeyTarget: { select: { name: true, table: { select: { name: true } } } } },
      });
      expect(fk.foreignKeyTarget).toEqual({ name: "account_id", table: { name: "accounts" } });
      expect(await db.prisma.group.findUnique({ where: { name: "Administrators" } })).toMatchObject(
        {
          isAdminGroup: true,
        },
      );
      const secrets = await db.prisma.settingSecret.findMany();
      expect(secrets).toHaveLength(2);
      for (const secret of secrets) {
        expect(secret).toMatchObject({
          isDevelopmentDefault: true,
          status: "current",
          encryption: "none",
        });
        expect(new TextDecoder().decode(secret.value)).toMatch(/^development-only-/);
      }
    });

    it("writes no development secret in production", async () => {
      const db = await openMigrated();

      const result = await seedDemoConfig(db.prisma, {
        warehouse: { kind: "embedded_sample" },
        isProduction: true,
      });

      expect(result.developmentSecretsWritten).toEqual([]);
      expect(await db.prisma.settingSecret.count()).toBe(0);
      expect(await db.prisma.dashboard.count()).toBe(1);
    });

    it("stores an encrypted warehouse connection as bytes", async () => {
      const db = await openMigrated();
      const connection = {
        ciphertext: new Uint8Array([1, 2, 3, 250]),
        nonce: new Uint8Array(12).fill(7),
        encryptionKid: "key-2024",
      };

      await seedDemoConfig(db.prisma, {
        warehouse: { kind: "url", connection },
        isProduction: true,
      });

      const source = await db.prisma.dataSource.findUniqueOrThrow({
        where: { name: "Sample warehouse" },
      });
      expect(source).toMatchObject({
        kind: "url",
        connectionEncryption: "aes_256_gcm",
        connectionEncryptionKid: "key-2024",
      });
      expect(Array.from(source.connectionSecret ?? [])).toEqual([1, 2, 3, 250]);
      expect(Array.from(source.connectionNonce ?? [])).toEqual(Array(12).fill(7));
    });

    it("creates the first administrator once and never touches an existing account", async () => {
      const db = await openMigrated();
      const hashPassword = vi.fn(async (password: string) => `hashed:${password}`);

      const first = await ensureAdminUser(db.prisma, {
        email: "  Admin@Example.COM ",
        password: "s3cret",
        hashPassword,
      });
      const second = await ensureAdminUser(db.prisma, {
        email: "admin@example.com",
        password: "other",
        hashPassword,
      });

      expect(first.created).toBe(true);
      expect(second).toEqual({ created: false, userId: first.userId });
      expect(hashPassword).toHaveBeenCalledTimes(1);
      const admin = await db.prisma.user.findUniqueOrThrow({
        where: { id: first.userId },
        include: { memberships: { include: { group: true } } },
      });
      expect(admin).toMatchObject({
        email: "admin@example.com",
        isAdmin: true,
        passwordHash: "hashed:s3cret",
      });
      expect(admin.memberships.map((m) => [m.group.name, m.source])).toEqual([
        ["Administrators", "manual"],
      ]);
    });

    it("does CRUD through the Prisma client: users, attributes, memberships, sessions", async () => {
      const db = await openMigrated();
      const attributes = {
        role: "customer",
        primary_id: 3,
        regions: ["eu", "us"],
        flags: { beta: true },
      };

      const user = await db.prisma.user.create({
        data: { email: "ada@example.com", firstName: "Ada", attributes },
      });
      const group = await db.prisma.group.create({ data: { name: "Customers" } });
      await db.prisma.groupMembership.create({
        data: { userId: user.id, groupId: group.id, source: "mapping" },
      });
      const expiresAt = new Date("2030-01-01T00:00:00.000Z");
      await db.prisma.session.create({
        data: { tokenHash: "a".repeat(64), userId: user.id, kind: "sdk", expiresAt },
      });

      const session = await db.prisma.session.findUniqueOrThrow({
        where: { tokenHash: "a".repeat(64) },
        include: { user: { include: { memberships: true } } },
      });
      expect(session.expiresAt).toEqual(expiresAt);
      expect(session.user.attributes).toEqual(attributes);
      expect(session.user.memberships).toMatchObject([{ groupId: group.id, source: "mapping" }]);

      const updated = await db.prisma.user.update({
        where: { id: user.id },
        data: { attributes: { role: "tenant", primary_id: 999 }, lastLoginAt: new Date() },
      });
      expect(updated.attributes).toEqual({ role: "tenant", primary_id: 999 });

      await db.prisma.user.delete({ where: { id: user.id } });
      expect(await db.prisma.session.count()).toBe(0);
      expect(await db.prisma.groupMembership.count()).toBe(0);
    });

    it("enforces uniqueness and normalised emails in the database", async () => {
      const db = await openMigrated();
      await db.prisma.user.create({ data: { email: "ada@example.com" } });

      await expect(
        db.prisma.user.create({ data: { email: "ada@example.com" } }),
      ).rejects.toMatchObject({
        code: "P2002",
      });
      await expect(db.prisma.user.create({ data: { email: "Grace@Example.com" } })).rejects.toThrow(
        /users_email_normalised/,
      );
    });

    it("refuses a second use of an SSO token id (replay protection)", async () => {
      const db = await openMigrated();
      const token = { jti: "jti-123", expiresAt: new Date(Date.now() + 600_000) };
      await db.prisma.usedSsoToken.create({ data: token });

      const replay = db.prisma.usedSsoToken.create({ data: token });

      await expect(replay).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      await expect(replay).rejects.toMatchObject({ code: "P2002" });
      expect(isUniqueViolation(await replay.catch((error: unknown) => error))).toBe(true);
      expect(isUniqueViolation(new Error("P2002"))).toBe(false);
    });

    it("refuses a row policy that mixes its two kinds", async () => {
      const db = await openMigrated();
      await seedDemoConfig(db.prisma, {
        warehouse: { kind: "embedded_sample" },
        isProduction: true,
      });
      const group = await db.prisma.group.create({ data: { name: "Partners" } });
      const table = await db.prisma.syncedTable.findFirstOrThrow({ where: { name: "orders" } });

      await expect(
        db.prisma.rowPolicy.create({
          data: {
            groupId: group.id,
            tableId: table.id,
            kind: "sql_view",
            attributeName: "primary_id",
          },
        }),
      ).rejects.toThrow(/row_policies_kind_fields/);
      const valid = await db.prisma.rowPolicy.create({
        data: {
          groupId: group.id,
          tableId: table.id,
          kind: "sql_view",
          sql: "SELECT * FROM orders WHERE tenant_id = {{primary_id}}",
        },
      });
      expect(valid.kind).toBe("sql_view");
    });

    it("stores audit events with big ids and JSON snapshots", async () => {
      const db = await openMigrated();
      const event = await db.prisma.auditEvent.create({
        data: {
          type: "user.login",
          actorAttributes: { role: "tenant", primary_id: 999 },
          payload: { method: "sso" },
        },
      });

      expect(typeof event.id).toBe("bigint");
      const found = await db.prisma.auditEvent.findMany({
        where: { type: "user.login", createdAt: { lte: new Date(Date.now() + 60_000) } },
      });
      expect(found.map((e) => e.actorAttributes)).toEqual([{ role: "tenant", primary_id: 999 }]);
    });

    describe("recordSsoLogin", () => {
      async function setUp() {
        const db = await openMigrated();
        await seedDemoConfig(db.prisma, {
          warehouse: { kind: "embedded_sample" },
          isProduction: true,
        });
        const support = await db.prisma.group.create({ data: { name: "Support" } });
        await db.prisma.groupMapping.create({
          data: { attribute: "teams", value: "support", groupId: support.id },
        });
        return db;
      }
      let sequence = 0;
      const login = (db: AppDatabase, overrides: Partial<SsoLoginInput> = {}) =>
        recordSsoLogin(db, {
          email: "tess@northwind.test",
          firstName: "Tess",
          lastName: "Tanaka",
          attributes: { role: "tenant", primary_id: 999 },
          groups: null,
          groupSync: false,
          jti: `jti-${++sequence}`,
          jtiExpiresAt: new Date(Date.now() + 600_000),
          session: {
            tokenHash: `hash-${sequence}`,
            kind: "sdk",
            expiresAt: new Date(Date.now() + 3_600_000),
            userAgent: "vitest",
            ip: null,
          },
          ...overrides,
        });
      const groupNames = (result: SsoLoginResult) =>
        result.status === "signed_in" ? result.groups.map((group) => group.name) : [];

      it("creates the user, maps groups, starts a session and audits, in one go", async () => {
        const db = await setUp();
        const result = await login(db);
        expect(result.status).toBe("signed_in");
        expect(groupNames(result)).toEqual(["Tenants"]);
        const user = await db.prisma.user.findUniqueOrThrow({
          where: { email: "tess@northwind.test" },
        });
        expect(user.attributes).toEqual({ role: "tenant", primary_id: 999 });
        expect(await db.prisma.session.count({ where: { userId: user.id, kind: "sdk" } })).toBe(1);
        const audit = await db.prisma.auditEvent.findFirstOrThrow({
          where: { type: "user.login" },
        });
        expect(audit.payload).toEqual({ method: "sso", sessionKind: "sdk", groups: ["Tenants"] });
        expect(audit.actorAttributes).toEqual({ role: "tenant", primary_id: 999 });
      });

      it("moves the user when the role changes and drops mapped groups the IdP stops sending", async () => {
        const db = await setUp();
        await login(db);
        expect(
          groupNames(await login(db, { attributes: { role: "customer", primary_id: 1 } })),
        ).toEqual(["Customers"]);
        // List attributes match by membership; numbers match their text.
        expect(
          groupNames(
            await login(db, {
              attributes: { role: ["viewer", "customer"], teams: ["ops", "support"] },
            }),
          ),
        ).toEqual(["Customers", "Support"]);
        expect(groupNames(await login(db, { attributes: { department: "ops" } }))).toEqual([]);
        const user = await db.prisma.user.findUniqueOrThrow({
          where: { email: "tess@northwind.test" },
        });
        expect(await db.prisma.groupMembership.count({ where: { userId: user.id } })).toBe(0);
      });

      it("keeps manual memberships, honours the groups claim only with group sync, never admin-only groups", async () => {
        const db = await setUp();
        await login(db);
        const user = await db.prisma.user.findUniqueOrThrow({
          where: { email: "tess@northwind.test" },
        });
        const support = await db.prisma.group.findUniqueOrThrow({ where: { name: "Support" } });
        await db.prisma.groupMembership.create({
          data: { userId: user.id, groupId: support.id, source: "manual" },
        });

        const claim = { groups: ["Customers", "Administrators"], attributes: {} };
        expect(groupNames(await login(db, { ...claim, groupSync: false }))).toEqual(["Support"]);
        expect(groupNames(await login(db, { ...claim, groupSync: true }))).toEqual([
          "Customers",
          "Support",
        ]);
      });

      it("refuses a replayed jti and writes nothing", async () => {
        const db = await setUp();
        await login(db, { jti: "once" });
        const counts = async () => [
          await db.prisma.session.count(),
          await db.prisma.auditEvent.count(),
        ];
        const before = await counts();
        await expect(login(db, { jti: "once", email: "someone-else@acme.test" })).resolves.toEqual({
          status: "replayed",
        });
        expect(await counts()).toEqual(before);
        expect(await db.prisma.user.count({ where: { email: "someone-else@acme.test" } })).toBe(0);
      });

      it("neither updates nor signs in a deactivated user or a local administrator", async () => {
        const db = await setUp();
        await login(db);
        await db.prisma.user.update({
          where: { email: "tess@northwind.test" },
          data: { isActive: false },
        });
        const refused = await login(db, { attributes: { role: "customer", primary_id: 4 } });
        expect(refused.status).toBe("deactivated");
        const tess = await db.prisma.user.findUniqueOrThrow({
          where: { email: "tess@northwind.test" },
        });
        expect(tess.attributes).toEqual({ role: "tenant", primary_id: 999 });
        expect(await db.prisma.session.count({ where: { userId: tess.id } })).toBe(1);

        await db.prisma.user.create({ data: { email: "root@analytics.test", isAdmin: true } });
        const admin = await login(db, { email: "root@analytics.test" });
        expect(admin.status).toBe("local_admin");
        const root = await db.prisma.user.findUniqueOrThrow({
          where: { email: "root@analytics.test" },
        });
        expect(root.attributes).toEqual({});
        expect(await db.prisma.session.count({ where: { userId: root.id } })).toBe(0);
      });

      it("previews mapped groups with the same rule, writing nothing", async () => {
        const db = await setUp();
        const names = async (attributes: Record<string, unknown>, claimed: string[] = []) =>
          (await findMappedGroups(db, attributes, claimed)).map((group) => group.name);
        expect(await names({ role: "tenant", primary_id: 999 })).toEqual(["Tenants"]);
        expect(await names({ role: ["viewer", "customer"], teams: ["support"] })).toEqual([
          "Customers",
          "Support",
        ]);
        expect(await names({ department: "ops" })).toEqual([]);
        expect(await names({}, ["Customers", "Administrators"])).toEqual(["Customers"]);
        expect(await db.prisma.user.count()).toBe(0);
        expect(await db.prisma.groupMembership.count()).toBe(0);
      });

      it("counts the active users each mapping matches, by the login's own rule", async () => {
        const db = await setUp();
        const mappings = await db.prisma.groupMapping.findMany({ include: { group: true } });
        const users = [
          { email: "a@t.test", attributes: { role: "tenant", primary_id: 999 } },
          { email: "b@t.test", attributes: { role: ["viewer", "tenant"] } },
          { email: "c@t.test", attributes: { role: "customer" }, isActive: false },
          { email: "d@t.test", attributes: { role: "tenant" }, isAdmin: true },
          { email: "e@t.test", attributes: { department: "ops" } },
        ];
        await db.prisma.user.createMany({ data: users });
        const counts = await countUsersPerMapping(db);
        expect(counts.size).toBe(mappings.length);
        // Each count: the active non-admin users whose attribute is the value or a list holding
        // it, compared as text (999 matches "999").
        const eligible = users.filter((user) => user.isActive !== false && !user.isAdmin);
        for (const mapping of mappings) {
          const expected = eligible.filter((user) =>
            [(user.attributes as Record<string, unknown>)[mapping.attribute]]
              .flat()
              .filter((value) => value !== undefined)
              .map(String)
              .includes(mapping.value),
          ).length;
          expect([mapping.value, counts.get(mapping.id)]).toEqual([mapping.value, expected]);
        }
        const tenants = mappings.find((mapping) => mapping.value === "tenant");
        expect(tenants && counts.get(tenants.id)).toBe(2);
      });

      it("forgets the ids of expired tokens as it goes, and keeps those still alive", async () => {
        const db = await setUp();
        const past = new Date(Date.now() - 60_000);
        await db.prisma.usedSsoToken.createMany({
          data: ["old-1", "old-2", "old-3"].map((jti) => ({ jti, expiresAt: past })),
        });
        await login(db, { jti: "alive-1" });
        expect(
          await db.prisma.usedSsoToken.count({ where: { expiresAt: { lt: new Date() } } }),
        ).toBe(1);
        await login(db, { jti: "alive-2" });
        const left = await db.prisma.usedSsoToken.findMany({ orderBy: { jti: "asc" } });
        expect(left.map((row) => row.jti)).toEqual(["alive-1", "alive-2"]);
        // Still refused while its token lives.
        expect((await login(db, { jti: "alive-1" })).status).toBe("replayed");
      });
    });

    describe("findSession and the configuration version", () => {
      it("reads a session with its user, each group once, and the version, in one row", async () => {
        const db = await openMigrated();
        const beta = await db.prisma.group.create({ data: { name: "Beta" } });
        const alpha = await db.prisma.group.create({ data: { name: "Alpha" } });
        const user = await db.prisma.user.create({
          data: { email: "ann@acme.test", firstName: "Ann", attributes: { primary_id: 4 } },
        });
        await db.prisma.groupMembership.createMany({
          data: [
            { userId: user.id, groupId: beta.id, source: "manual" },
            { userId: user.id, groupId: alpha.id, source: "manual" },
            { userId: user.id, groupId: alpha.id, source: "mapping" },
          ],
        });
        const expiresAt = new Date(Date.now() + 60_000);
        await db.prisma.session.create({
          data: { tokenHash: "hash-ann", userId: user.id, kind: "cookie", expiresAt },
        });

        const found = await findSession(db, "hash-ann");
        expect(found).toMatchObject({
          kind: "cookie",
          revokedAt: null,
          user: {
            id: user.id,
            email: "ann@acme.test",
            firstName: "Ann",
            isAdmin: false,
            isActive: true,
            attributes: { primary_id: 4 },
            groups: [
              { id: alpha.id, name: "Alpha" },
              { id: beta.id, name: "Beta" },
            ],
          },
          configVersion: await readConfigVersion(db),
        });
        expect(found?.expiresAt.getTime()).toBe(expiresAt.getTime());
        expect(await findSession(db, "hash-nobody")).toBeNull();
      });

      it("rises with every write to the configuration, once per bulk statement, and not on logins", async () => {
        const db = await openMigrated();
        const version = async () => BigInt(await readConfigVersion(db));
        const start = await version();
        const group = await db.prisma.group.create({ data: { name: "Tenants" } });
        expect(await version()).toBe(start + 1n);
        await db.prisma.dashboard.createMany({
          data: [{ name: "One" }, { name: "Two" }, { name: "Three" }],
        });
        expect(await version()).toBe(start + 2n);
        await db.prisma.dashboard.deleteMany({});
        const afterDelete = await version();
        expect(afterDelete).toBeGreaterThan(start + 2n);
        await db.prisma.group.update({ where: { id: group.id }, data: { name: "Renters" } });
        const settled = await version();
        expect(settled).toBe(afterDelete + 1n);

        // A rolled-back change leaves the version where it was.
        await expect(
          db.prisma.$transaction(async (tx) => {
            await tx.group.create({ data: { name: "Temporary" } });
            throw new Error("roll back");
          }),
        ).rejects.toThrow("roll back");
        expect(await version()).toBe(settled);

        // Settings and secret keys are configuration too: every server must see a change at once.
        await db.prisma.setting.create({ data: { key: "idp_url", value: "https://idp.test" } });
        expect(await version()).toBe(settled + 1n);
        await db.prisma.setting.update({
          where: { key: "idp_url" },
          data: { value: "https://other-idp.test" },
        });
        expect(await version()).toBe(settled + 2n);
        await db.prisma.setting.create({ data: { key: "jwt_shared_secret", isSecret: true } });
        await db.prisma.settingSecret.create({
          data: {
            settingKey: "jwt_shared_secret",
            version: 1,
            kid: "jwt_shared_secret-v1",
            value: new Uint8Array([1, 2, 3]),
            encryption: "none",
            status: "current",
          },
        });
        expect(await version()).toBe(settled + 4n);
        await db.prisma.settingSecret.updateMany({ data: { status: "retired" } });
        const afterSettings = await version();
        expect(afterSettings).toBe(settled + 5n);

        // Users, sessions and memberships change on every login: they are not configuration.
        const user = await db.prisma.user.create({ data: { email: "bob@acme.test" } });
        await db.prisma.groupMembership.create({
          data: { userId: user.id, groupId: group.id, source: "manual" },
        });
        await db.prisma.session.create({
          data: { tokenHash: "hash-bob", userId: user.id, kind: "sdk", expiresAt: new Date() },
        });
        expect(await version()).toBe(afterSettings);
      });
    });
  });
}
