import { conflict } from "../errors";

/** A unique-name violation (Prisma P2002) as a 409 naming the field; anything else unchanged. */
export function nameTaken(error: unknown, name: string | undefined): unknown {
  if ((error as { code?: string }).code !== "P2002") return error;
  return Object.assign(conflict(`a channel named "${name}" already exists`), { issues: [{ path: "name", message: "another channel has this name" }] });
}
