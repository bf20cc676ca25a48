-- The rigs table's search (hostname ILIKE '%text%') uses trigrams: pg_trgm ships with
-- Postgres's contrib modules (and with the embedded Postgres the demo runs).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Rig_hostname_trgm_idx" ON "Rig" USING GIN ("hostname" gin_trgm_ops);
