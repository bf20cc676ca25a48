import type { z } from "zod";

/** How a caller proves who it is: a dashboard session cookie, a rig's agent token, a customer API key, or nothing. */
export type TAuth = "none" | "session" | "rigToken" | "apiKey";
export type TMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One operation of the HTTP API, as the OpenAPI document describes it. */
export interface TOperation {
  method: TMethod;
  /** OpenAPI template: Next's [id] folder is {id}; path ids are positive integers. */
  path: string;
  operationId: string;
  summary: string;
  auth: TAuth;
  /** The very schema the route passes to readJson. */
  body?: z.ZodType;
  /** The very schema the route passes to readQuery. */
  query?: z.ZodType;
  ok: { status: 200 | 201 | 202; description: string; schema?: z.ZodType; contentType?: string };
  /** Error statuses beyond those the auth, body, query and path imply (e.g. 409). */
  errors?: number[];
}
