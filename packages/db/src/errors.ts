/**
 * The one error hierarchy of the domain. Verbs throw these; exactly one adapter per surface
 * (HTTP in apps/web/src/server/http.ts) turns them into responses. Messages are for people and
 * never carry secrets or stack traces.
 */
export type TErrorCode = "INVALID" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE";

export interface TIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly issues?: TIssue[],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const invalid = (message: string, issues?: TIssue[]) => new AppError("INVALID", message, issues);
export const unauthorized = (message = "authentication required") => new AppError("UNAUTHORIZED", message);
export const forbidden = (message = "not allowed for your role") => new AppError("FORBIDDEN", message);
export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const conflict = (message: string) => new AppError("CONFLICT", message);
export const unavailable = (message: string) => new AppError("UNAVAILABLE", message);
