// Expected failures carry their HTTP status; the edge turns them into 4xx JSON.
// Recognised by a brand, not instanceof: Next bundles each route separately,
// so one process can hold several copies of this class.
const BRAND = Symbol.for("backfill-studio.UserError");

export class UserError extends Error {
  readonly [BRAND] = true;

  constructor(
    public readonly status: number,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = "UserError";
  }
}

export function isUserError(e: unknown): e is UserError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

export const badRequest = (message: string, details?: unknown) => new UserError(400, message, details);
export const notFound = (message: string) => new UserError(404, message);
export const conflict = (message: string, details?: unknown) => new UserError(409, message, details);
