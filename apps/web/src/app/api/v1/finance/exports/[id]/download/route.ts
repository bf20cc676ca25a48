// GET /api/v1/finance/exports/:id/download: the finished file, streamed to the person who asked for it.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { openExportFile } from "@rigshift/db";
import { env } from "@/env";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const GET = route<TIdContext>(async (_req, ctx) => {
  const user = await requireUser("finance.read");
  const id = await readId(ctx.params, "id", "export");
  const file = await openExportFile({ db: db(), userId: user.id, id, exportDir: env().EXPORT_DIR });
  const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.bytes),
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
