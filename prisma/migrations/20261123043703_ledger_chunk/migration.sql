-- CreateTable
CREATE TABLE "LedgerChunk" (
    "from" TIMESTAMPTZ(3) NOT NULL,
    "to" TIMESTAMPTZ(3) NOT NULL,
    "inputs" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "buildId" INTEGER NOT NULL,
    "builtAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerChunk_pkey" PRIMARY KEY ("from","to")
);
