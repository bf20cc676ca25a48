import { getDatabase } from "@rigshift/db";
import { env } from "../env";

export const db = () => getDatabase(env().DATABASE_URL);
