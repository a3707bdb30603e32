-- CreateEnum
CREATE TYPE "sync_status" AS ENUM ('idle', 'running', 'failed');

-- AlterTable
ALTER TABLE "data_sources" ADD COLUMN     "sync_error" TEXT,
ADD COLUMN     "sync_finished_at" TIMESTAMPTZ(3),
ADD COLUMN     "sync_started_at" TIMESTAMPTZ(3),
ADD COLUMN     "sync_status" "sync_status" NOT NULL DEFAULT 'idle',
ADD COLUMN     "sync_summary" JSONB,
ADD COLUMN     "sync_tables_done" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sync_tables_total" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "synced_columns" ADD COLUMN     "visible" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "synced_tables" ADD COLUMN     "hidden_by_admin" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "missing_from_warehouse" BOOLEAN NOT NULL DEFAULT false;

-- Until now only a sync hid tables (the ones it no longer found).
UPDATE "synced_tables" SET "missing_from_warehouse" = true WHERE "visible" = false;
