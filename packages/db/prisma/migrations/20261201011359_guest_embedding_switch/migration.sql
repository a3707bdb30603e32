-- AlterTable
ALTER TABLE "cards" ADD COLUMN     "guest_embedding_enabled" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "dashboards" ADD COLUMN     "guest_embedding_enabled" BOOLEAN NOT NULL DEFAULT false;

-- Upgrades keep working embeds working: content that already declares a locked parameter was
-- meant for guests, so it stays open to guest tokens. Everything else starts closed, like new
-- content (Metabase's "enable embedding").
UPDATE "dashboards" SET "guest_embedding_enabled" = true
WHERE EXISTS (
  -- CASE, not AND: PostgreSQL may evaluate either side of an AND first.
  SELECT 1
  FROM jsonb_array_elements(
    CASE WHEN jsonb_typeof("parameters") = 'array' THEN "parameters" ELSE '[]'::jsonb END
  ) AS parameter
  WHERE parameter->>'embedding' = 'locked'
);

UPDATE "cards" SET "guest_embedding_enabled" = true
WHERE EXISTS (
  -- CASE, not AND: PostgreSQL may evaluate either side of an AND first.
  SELECT 1
  FROM jsonb_array_elements(
    CASE WHEN jsonb_typeof("parameters") = 'array' THEN "parameters" ELSE '[]'::jsonb END
  ) AS parameter
  WHERE parameter->>'embedding' = 'locked'
);
