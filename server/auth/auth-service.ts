// Who is calling: sign-in with a password (a browser session with a CSRF
// token), API tokens for scripts, and the users an admin manages.
import { badRequest, conflict, notFound, UserError } from "../errors";
import { MIN_PASSWORD_LENGTH, type AuthConfig } from "./auth-config";
import { AuthStore, type TokenRecord, type UserRecord } from "./auth-store";
import { hashPassword, randomSecret, sameSecret, sha256, verifyPassword } from "./passwords";
import { isRole, ROLES, type Role } from "./roles";

export interface Principal {
  user: string;
  role: Role;
  via: "session" | "token" | "local";
  /** Session only: the CSRF token its state-changing requests must carry. */
  csrf?: string;
}

export interface UserView {
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export interface TokenView {
  id: string;
  name: string;
  user: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** Token format: `bfs_<id>_<secret>`; only sha256(secret) is stored. */
const TOKEN_RE = /^bfs_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

const userView = (u: UserRecord): UserView => ({ name: u.name, role: u.role, disabled: !!u.disabled, createdAt: u.createdAt });
const tokenView = (t: TokenRecord): TokenView => ({ id: t.id, name: t.name, user: t.user, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt });

export const unauthorized = (msg = "sign in first (or send an API token as 'Authorization: Bearer …')") => new UserError(401, msg);

export class AuthService {
  readonly store: AuthStore;

  constructor(
    stateDir: string,
    readonly config: AuthConfig,
  ) {
    this.store = new AuthStore(stateDir);
  }

  get enabled(): boolean {
    return this.config.enabled;
  }

  hasUsers(): boolean {
    return this.store.data.users.length > 0;
  }

  /** First start with auth on: create the configured admin. */
  async bootstrap(): Promise<string | null> {
    if (!this.enabled || this.hasUsers() || !this.config.adminPassword) return null;
    await this.createUser({ name: this.config.adminUser, role: "admin", password: this.config.adminPassword });
    return this.config.adminUser;
  }

  // ---- sessions ----

  async login(name: unknown, password: unknown): Promise<{ sessionId: string; csrf: string; user: UserView; expiresAt: string }> {
    if (typeof name !== "string" || typeof password !== "string" || !name || !password) throw badRequest("name and password are required");
    const u = this.store.data.users.find((x) => x.name === name);
    // the same answer (and about the same time) whether the user exists or not
    const ok = await verifyPassword(password, u?.passwordHash ?? "scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    if (!u || !ok) throw unauthorized("wrong user name or password");
    if (u.disabled) throw new UserError(403, `user '${name}' is disabled; ask an admin`);
    const sessionId = randomSecret();
    const csrf = randomSecret(18);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.sessionHours * 3600_000).toISOString();
    this.store.data.sessions.push({ idHash: sha256(sessionId), user: u.name, csrf, createdAt: now.toISOString(), expiresAt });
    this.store.save();
    return { sessionId, csrf, user: userView(u), expiresAt };
  }

  logout(sessionId: string | undefined): void {
    if (!sessionId) return;
    const h = sha256(sessionId);
    const before = this.store.data.sessions.length;
    this.store.data.sessions = this.store.data.sessions.filter((s) => s.idHash !== h);
    if (this.store.data.sessions.length !== before) this.store.save();
  }

  /** The caller, from a session cookie or a bearer token; null when neither is valid. */
  authenticate(creds: { sessionId?: string | null; bearer?: string | null }): Principal | null {
    if (creds.bearer) return this.fromToken(creds.bearer);
    if (creds.sessionId) {
      const h = sha256(creds.sessionId);
      const s = this.store.data.sessions.find((x) => x.idHash === h);
      if (!s || Date.parse(s.expiresAt) <= Date.now()) return null;
      const u = this.activeUser(s.user);
      return u ? { user: u.name, role: u.role, via: "session", csrf: s.csrf } : null;
    }
    return null;
  }

  private fromToken(bearer: string): Principal | null {
    const m = TOKEN_RE.exec(bearer);
    if (!m) return null;
    const t = this.store.data.tokens.find((x) => x.id === m[1]);
    if (!t || t.revokedAt || !sameSecret(t.hash, sha256(m[2]))) return null;
    const u = this.activeUser(t.user);
    if (!u) return null;
    // remember use at most once a minute: a script polling must not rewrite the file each time
    if (!t.lastUsedAt || Date.now() - Date.parse(t.lastUsedAt) > 60_000) {
      t.lastUsedAt = new Date().toISOString();
      this.store.save();
    }
    return { user: u.name, role: u.role, via: "token" };
  }

  private activeUser(name: string): UserRecord | null {
    const u = this.store.data.users.find((x) => x.name === name);
    return u && !u.disabled ? u : null;
  }

  // ---- API tokens ----

  listTokens(user: string | null): TokenView[] {
    return this.store.data.tokens.filter((t) => user === null || t.user === user).map(tokenView);
  }

  createToken(user: string, name: unknown): TokenView & { token: string } {
    if (typeof name !== "string" || !name.trim() || name.length > 100) throw badRequest("name is required: what the token is for (at most 100 characters)");
    if (!this.activeUser(user)) throw notFound(`user '${user}' not found`);
    const id = randomSecret(9).replace(/[^A-Za-z0-9]/g, "x").slice(0, 12).padEnd(12, "x");
    const secret = randomSecret(32);
    const rec: TokenRecord = { id, name: name.trim(), user, hash: sha256(secret), createdAt: new Date().toISOString(), lastUsedAt: null, revokedAt: null };
    this.store.data.tokens.push(rec);
    this.store.save();
    return { ...tokenView(rec), token: `bfs_${id}_${secret}` };
  }

  /** Revoke a token: its owner may, and so may an admin. */
  revokeToken(id: string, by: Principal): TokenView {
    const t = this.store.data.tokens.find((x) => x.id === id);
    if (!t || (t.user !== by.user && by.role !== "admin")) throw notFound(`token '${id}' not found`);
    if (!t.revokedAt) {
      t.revokedAt = new Date().toISOString();
      this.store.save();
    }
    return tokenView(t);
  }

  // ---- users (admin) ----

  listUsers(): UserView[] {
    return this.store.data.users.map(userView).sort((a, b) => a.name.localeCompare(b.name));
  }

  async createUser(body: Record<string, unknown>): Promise<UserView> {
    const { name, role, password } = body;
    if (typeof name !== "string" || !NAME_RE.test(name)) throw badRequest("name is required: letters, digits, '.', '_', '@' or '-', at most 64 characters");
    if (!isRole(role)) throw badRequest(`role must be one of ${ROLES.join(", ")}`);
    checkPassword(password);
    if (this.store.data.users.some((u) => u.name === name)) throw conflict(`user '${name}' already exists`);
    const rec: UserRecord = { name, role, passwordHash: await hashPassword(password as string), createdAt: new Date().toISOString() };
    this.store.data.users.push(rec);
    this.store.save();
    return userView(rec);
  }

  async updateUser(name: string, body: Record<string, unknown>): Promise<UserView> {
    const u = this.store.data.users.find((x) => x.name === name);
    if (!u) throw notFound(`user '${name}' not found`);
    const unknown = Object.keys(body).filter((k) => !["role", "password", "disabled"].includes(k));
    if (unknown.length) throw badRequest(`unknown field(s): ${unknown.join(", ")}; a user has role, password and disabled`);
    if (body.role !== undefined && !isRole(body.role)) throw badRequest(`role must be one of ${ROLES.join(", ")}`);
    if (body.disabled !== undefined && typeof body.disabled !== "boolean") throw badRequest("disabled must be a boolean");
    if (body.password !== undefined) checkPassword(body.password);
    const losesAdmin = u.role === "admin" && ((body.role !== undefined && body.role !== "admin") || body.disabled === true);
    if (losesAdmin && this.activeAdmins() <= 1) throw conflict(`'${name}' is the last admin: make another user admin first`);
    if (body.role !== undefined) u.role = body.role as Role;
    if (body.disabled !== undefined) u.disabled = body.disabled as boolean;
    if (body.password !== undefined) u.passwordHash = await hashPassword(body.password as string);
    if (body.password !== undefined || body.disabled === true) this.dropSessions(name);
    this.store.save();
    return userView(u);
  }

  deleteUser(name: string): void {
    const u = this.store.data.users.find((x) => x.name === name);
    if (!u) throw notFound(`user '${name}' not found`);
    if (u.role === "admin" && !u.disabled && this.activeAdmins() <= 1) throw conflict(`'${name}' is the last admin: make another user admin first`);
    this.store.data.users = this.store.data.users.filter((x) => x.name !== name);
    this.dropSessions(name);
    for (const t of this.store.data.tokens) if (t.user === name && !t.revokedAt) t.revokedAt = new Date().toISOString();
    this.store.save();
  }

  private dropSessions(name: string): void {
    this.store.data.sessions = this.store.data.sessions.filter((s) => s.user !== name);
  }

  private activeAdmins(): number {
    return this.store.data.users.filter((u) => u.role === "admin" && !u.disabled).length;
  }
}

function checkPassword(pw: unknown): void {
  if (typeof pw !== "string" || pw.length < MIN_PASSWORD_LENGTH) throw badRequest(`password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (pw.length > 1024) throw badRequest("password must have at most 1024 characters");
}
