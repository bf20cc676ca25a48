import { z } from "zod";

// POST /api/auth/sign-in
export const ZSignIn = z.object({ email: z.email().max(200), password: z.string().min(1).max(200) });
