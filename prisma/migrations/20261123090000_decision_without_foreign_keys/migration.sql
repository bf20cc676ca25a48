-- Decision is an append-only log written by COPY each epoch: no foreign keys (see the schema)
-- DropForeignKey
ALTER TABLE "Decision" DROP CONSTRAINT "Decision_rigId_fkey";

-- DropForeignKey
ALTER TABLE "Decision" DROP CONSTRAINT "Decision_runId_fkey";

