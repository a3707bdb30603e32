-- AlterTable
ALTER TABLE "cards" ADD COLUMN     "parameters" JSONB NOT NULL DEFAULT '[]';
