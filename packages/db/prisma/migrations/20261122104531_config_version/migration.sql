-- CreateTable
CREATE TABLE "config_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "config_version_pkey" PRIMARY KEY ("id")
);

-- The single row (id 1) the triggers below raise.
INSERT INTO "config_version" ("id", "version") VALUES (1, 0);

-- Statement-level, so a bulk change (an import, a sync) raises the version once, not per row.
-- Raised inside the writing transaction: a reader sees the new version only with the new data.
CREATE FUNCTION "bump_config_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "config_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER "groups_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "groups" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "data_sources_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "data_sources" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "synced_tables_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "synced_tables" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "synced_columns_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "synced_columns" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "table_permissions_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "table_permissions" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "row_policies_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "row_policies" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "column_policies_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "column_policies" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "column_policy_columns_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "column_policy_columns" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "native_query_grants_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "native_query_grants" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "collections_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "collections" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "cards_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cards" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "dashboards_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "dashboards" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "dashboard_cards_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "dashboard_cards" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
