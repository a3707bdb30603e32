-- CreateEnum
CREATE TYPE "group_membership_source" AS ENUM ('mapping', 'sso_groups_claim', 'manual');

-- CreateEnum
CREATE TYPE "data_source_engine" AS ENUM ('postgres');

-- CreateEnum
CREATE TYPE "data_source_kind" AS ENUM ('embedded_sample', 'url');

-- CreateEnum
CREATE TYPE "secret_encryption" AS ENUM ('none', 'aes_256_gcm');

-- CreateEnum
CREATE TYPE "semantic_type" AS ENUM ('id', 'number', 'date', 'category', 'text', 'boolean');

-- CreateEnum
CREATE TYPE "permission_level" AS ENUM ('none', 'full', 'sandboxed');

-- CreateEnum
CREATE TYPE "row_policy_kind" AS ENUM ('column_attribute', 'sql_view');

-- CreateEnum
CREATE TYPE "query_kind" AS ENUM ('structured', 'native');

-- CreateEnum
CREATE TYPE "session_kind" AS ENUM ('sdk', 'cookie', 'admin');

-- CreateEnum
CREATE TYPE "secret_status" AS ENUM ('current', 'previous', 'retired');

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "first_name" TEXT,
    "last_name" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "is_admin" BOOLEAN NOT NULL DEFAULT false,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "password_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "last_login_at" TIMESTAMPTZ(3),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "groups" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "is_admin_group" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_memberships" (
    "user_id" INTEGER NOT NULL,
    "group_id" INTEGER NOT NULL,
    "source" "group_membership_source" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_memberships_pkey" PRIMARY KEY ("user_id","group_id","source")
);

-- CreateTable
CREATE TABLE "group_mappings" (
    "id" SERIAL NOT NULL,
    "attribute" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "group_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_sources" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "engine" "data_source_engine" NOT NULL DEFAULT 'postgres',
    "kind" "data_source_kind" NOT NULL,
    "connection_secret" BYTEA,
    "connection_nonce" BYTEA,
    "connection_encryption" "secret_encryption",
    "connection_encryption_kid" TEXT,
    "synced_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "data_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "synced_tables" (
    "id" SERIAL NOT NULL,
    "data_source_id" INTEGER NOT NULL,
    "schema" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "description" TEXT,
    "visible" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "synced_tables_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "synced_columns" (
    "id" SERIAL NOT NULL,
    "table_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "database_type" TEXT NOT NULL,
    "semantic_type" "semantic_type" NOT NULL,
    "position" INTEGER NOT NULL,
    "is_primary_key" BOOLEAN NOT NULL DEFAULT false,
    "foreign_key_target_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "synced_columns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "table_permissions" (
    "group_id" INTEGER NOT NULL,
    "table_id" INTEGER NOT NULL,
    "level" "permission_level" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "table_permissions_pkey" PRIMARY KEY ("group_id","table_id")
);

-- CreateTable
CREATE TABLE "row_policies" (
    "id" SERIAL NOT NULL,
    "group_id" INTEGER NOT NULL,
    "table_id" INTEGER NOT NULL,
    "kind" "row_policy_kind" NOT NULL,
    "column_id" INTEGER,
    "attribute_name" TEXT,
    "sql" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "row_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "column_policies" (
    "id" SERIAL NOT NULL,
    "group_id" INTEGER NOT NULL,
    "table_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "column_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "column_policy_columns" (
    "policy_id" INTEGER NOT NULL,
    "column_id" INTEGER NOT NULL,

    CONSTRAINT "column_policy_columns_pkey" PRIMARY KEY ("policy_id","column_id")
);

-- CreateTable
CREATE TABLE "native_query_grants" (
    "group_id" INTEGER NOT NULL,
    "data_source_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "native_query_grants_pkey" PRIMARY KEY ("group_id","data_source_id")
);

-- CreateTable
CREATE TABLE "collections" (
    "id" SERIAL NOT NULL,
    "entity_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "parent_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "collections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cards" (
    "id" SERIAL NOT NULL,
    "entity_id" TEXT NOT NULL,
    "collection_id" INTEGER,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "display" TEXT NOT NULL,
    "query_kind" "query_kind" NOT NULL,
    "query" JSONB NOT NULL,
    "visualization_settings" JSONB NOT NULL DEFAULT '{}',
    "data_source_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dashboards" (
    "id" SERIAL NOT NULL,
    "entity_id" TEXT NOT NULL,
    "collection_id" INTEGER,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "parameters" JSONB NOT NULL DEFAULT '[]',
    "template_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dashboards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dashboard_cards" (
    "id" SERIAL NOT NULL,
    "entity_id" TEXT NOT NULL,
    "dashboard_id" INTEGER NOT NULL,
    "card_id" INTEGER NOT NULL,
    "x" INTEGER NOT NULL,
    "y" INTEGER NOT NULL,
    "w" INTEGER NOT NULL,
    "h" INTEGER NOT NULL,
    "parameter_mappings" JSONB NOT NULL DEFAULT '[]',
    "title_override" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dashboard_cards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" SERIAL NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "kind" "session_kind" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3),
    "user_agent" TEXT,
    "ip" TEXT,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "used_sso_tokens" (
    "jti" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "used_sso_tokens_pkey" PRIMARY KEY ("jti")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB,
    "is_secret" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "setting_secrets" (
    "id" SERIAL NOT NULL,
    "setting_key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "kid" TEXT NOT NULL,
    "value" BYTEA NOT NULL,
    "nonce" BYTEA,
    "encryption" "secret_encryption" NOT NULL,
    "encryption_kid" TEXT,
    "status" "secret_status" NOT NULL,
    "is_development_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "setting_secrets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "actor_user_id" INTEGER,
    "actor_attributes" JSONB,
    "resource_type" TEXT,
    "resource_id" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "groups_name_key" ON "groups"("name");

-- CreateIndex
CREATE INDEX "group_memberships_group_id_idx" ON "group_memberships"("group_id");

-- CreateIndex
CREATE INDEX "group_mappings_group_id_idx" ON "group_mappings"("group_id");

-- CreateIndex
CREATE UNIQUE INDEX "group_mappings_attribute_value_group_id_key" ON "group_mappings"("attribute", "value", "group_id");

-- CreateIndex
CREATE UNIQUE INDEX "data_sources_name_key" ON "data_sources"("name");

-- CreateIndex
CREATE UNIQUE INDEX "synced_tables_data_source_id_schema_name_key" ON "synced_tables"("data_source_id", "schema", "name");

-- CreateIndex
CREATE INDEX "synced_columns_foreign_key_target_id_idx" ON "synced_columns"("foreign_key_target_id");

-- CreateIndex
CREATE UNIQUE INDEX "synced_columns_table_id_name_key" ON "synced_columns"("table_id", "name");

-- CreateIndex
CREATE INDEX "table_permissions_table_id_idx" ON "table_permissions"("table_id");

-- CreateIndex
CREATE INDEX "row_policies_table_id_idx" ON "row_policies"("table_id");

-- CreateIndex
CREATE INDEX "row_policies_column_id_idx" ON "row_policies"("column_id");

-- CreateIndex
CREATE UNIQUE INDEX "row_policies_group_id_table_id_key" ON "row_policies"("group_id", "table_id");

-- CreateIndex
CREATE INDEX "column_policies_table_id_idx" ON "column_policies"("table_id");

-- CreateIndex
CREATE UNIQUE INDEX "column_policies_group_id_table_id_key" ON "column_policies"("group_id", "table_id");

-- CreateIndex
CREATE INDEX "column_policy_columns_column_id_idx" ON "column_policy_columns"("column_id");

-- CreateIndex
CREATE INDEX "native_query_grants_data_source_id_idx" ON "native_query_grants"("data_source_id");

-- CreateIndex
CREATE UNIQUE INDEX "collections_entity_id_key" ON "collections"("entity_id");

-- CreateIndex
CREATE INDEX "collections_parent_id_idx" ON "collections"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "cards_entity_id_key" ON "cards"("entity_id");

-- CreateIndex
CREATE INDEX "cards_collection_id_idx" ON "cards"("collection_id");

-- CreateIndex
CREATE INDEX "cards_data_source_id_idx" ON "cards"("data_source_id");

-- CreateIndex
CREATE UNIQUE INDEX "dashboards_entity_id_key" ON "dashboards"("entity_id");

-- CreateIndex
CREATE INDEX "dashboards_collection_id_idx" ON "dashboards"("collection_id");

-- CreateIndex
CREATE INDEX "dashboards_template_id_idx" ON "dashboards"("template_id");

-- CreateIndex
CREATE UNIQUE INDEX "dashboard_cards_entity_id_key" ON "dashboard_cards"("entity_id");

-- CreateIndex
CREATE INDEX "dashboard_cards_dashboard_id_idx" ON "dashboard_cards"("dashboard_id");

-- CreateIndex
CREATE INDEX "dashboard_cards_card_id_idx" ON "dashboard_cards"("card_id");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE INDEX "used_sso_tokens_expires_at_idx" ON "used_sso_tokens"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "setting_secrets_kid_key" ON "setting_secrets"("kid");

-- CreateIndex
CREATE INDEX "setting_secrets_setting_key_status_idx" ON "setting_secrets"("setting_key", "status");

-- CreateIndex
CREATE UNIQUE INDEX "setting_secrets_setting_key_version_key" ON "setting_secrets"("setting_key", "version");

-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at");

-- CreateIndex
CREATE INDEX "audit_events_type_created_at_idx" ON "audit_events"("type", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_actor_user_id_created_at_idx" ON "audit_events"("actor_user_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_resource_type_resource_id_idx" ON "audit_events"("resource_type", "resource_id");

-- AddForeignKey
ALTER TABLE "group_memberships" ADD CONSTRAINT "group_memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_memberships" ADD CONSTRAINT "group_memberships_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_mappings" ADD CONSTRAINT "group_mappings_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "synced_tables" ADD CONSTRAINT "synced_tables_data_source_id_fkey" FOREIGN KEY ("data_source_id") REFERENCES "data_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "synced_columns" ADD CONSTRAINT "synced_columns_table_id_fkey" FOREIGN KEY ("table_id") REFERENCES "synced_tables"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "synced_columns" ADD CONSTRAINT "synced_columns_foreign_key_target_id_fkey" FOREIGN KEY ("foreign_key_target_id") REFERENCES "synced_columns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "table_permissions" ADD CONSTRAINT "table_permissions_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "table_permissions" ADD CONSTRAINT "table_permissions_table_id_fkey" FOREIGN KEY ("table_id") REFERENCES "synced_tables"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "row_policies" ADD CONSTRAINT "row_policies_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "row_policies" ADD CONSTRAINT "row_policies_table_id_fkey" FOREIGN KEY ("table_id") REFERENCES "synced_tables"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "row_policies" ADD CONSTRAINT "row_policies_column_id_fkey" FOREIGN KEY ("column_id") REFERENCES "synced_columns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "column_policies" ADD CONSTRAINT "column_policies_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "column_policies" ADD CONSTRAINT "column_policies_table_id_fkey" FOREIGN KEY ("table_id") REFERENCES "synced_tables"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "column_policy_columns" ADD CONSTRAINT "column_policy_columns_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "column_policies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "column_policy_columns" ADD CONSTRAINT "column_policy_columns_column_id_fkey" FOREIGN KEY ("column_id") REFERENCES "synced_columns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "native_query_grants" ADD CONSTRAINT "native_query_grants_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "native_query_grants" ADD CONSTRAINT "native_query_grants_data_source_id_fkey" FOREIGN KEY ("data_source_id") REFERENCES "data_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collections" ADD CONSTRAINT "collections_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "collections"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cards" ADD CONSTRAINT "cards_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collections"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cards" ADD CONSTRAINT "cards_data_source_id_fkey" FOREIGN KEY ("data_source_id") REFERENCES "data_sources"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dashboards" ADD CONSTRAINT "dashboards_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collections"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dashboards" ADD CONSTRAINT "dashboards_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "dashboards"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dashboard_cards" ADD CONSTRAINT "dashboard_cards_dashboard_id_fkey" FOREIGN KEY ("dashboard_id") REFERENCES "dashboards"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dashboard_cards" ADD CONSTRAINT "dashboard_cards_card_id_fkey" FOREIGN KEY ("card_id") REFERENCES "cards"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "setting_secrets" ADD CONSTRAINT "setting_secrets_setting_key_fkey" FOREIGN KEY ("setting_key") REFERENCES "settings"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_user_id_fkey" FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Written by hand: invariants Prisma's schema language cannot express. Prisma leaves CHECK
-- constraints alone, so they do not show up as drift.

-- Emails are stored normalised (see normalizeEmail), so the unique index cannot be dodged by case.
ALTER TABLE "users" ADD CONSTRAINT "users_email_normalised"
    CHECK ("email" <> '' AND "email" = btrim("email") AND "email" !~ '[A-Z]');

-- A row policy is either column = attribute or a SQL view, never half of each.
ALTER TABLE "row_policies" ADD CONSTRAINT "row_policies_kind_fields" CHECK (
    ("kind" = 'column_attribute' AND "column_id" IS NOT NULL AND "attribute_name" IS NOT NULL AND "sql" IS NULL)
    OR ("kind" = 'sql_view' AND "sql" IS NOT NULL AND "column_id" IS NULL AND "attribute_name" IS NULL)
);

-- A URL data source cannot exist without its (encrypted) connection.
ALTER TABLE "data_sources" ADD CONSTRAINT "data_sources_connection_present" CHECK (
    "kind" <> 'url' OR ("connection_secret" IS NOT NULL AND "connection_encryption" IS NOT NULL)
);

ALTER TABLE "dashboard_cards" ADD CONSTRAINT "dashboard_cards_layout_valid"
    CHECK ("x" >= 0 AND "y" >= 0 AND "w" > 0 AND "h" > 0);
