// Users, API tokens and browser sessions: one JSON file in the state
// directory, written atomically and readable only by the server's user.
// Only hashes are stored: scrypt for passwords, SHA-256 for tokens and
// session ids.
import fs from "node:fs";
import path from "node:path";
import type { Role } from "./roles";

export interface UserRecord {
  name: string;
  role: Role;
  passwordHash: string;
  disabled?: boolean;
  createdAt: string;
}

export interface TokenRecord {
  id: string;
  name: string;
  user: string;
  hash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface SessionRecord {
  idHash: string;
  user: string;
  /** The CSRF token this session's state-changing requests must echo in x-bfs-csrf. */
  csrf: string;
  createdAt: string;
  expiresAt: string;
}

export interface AuthData {
  users: UserRecord[];
  tokens: TokenRecord[];
  sessions: SessionRecord[];
}

export class AuthStore {
  readonly file: string;
  data: AuthData;

  constructor(stateDir: string) {
    this.file = path.join(stateDir, "auth.json");
    this.data = this.load();
  }

  private load(): AuthData {
    try {
      const d = JSON.parse(fs.readFileSync(this.file, "utf8"));
      return { users: d.users ?? [], tokens: d.tokens ?? [], sessions: d.sessions ?? [] };
    } catch {
      return { users: [], tokens: [], sessions: [] };
    }
  }

  save(): void {
    const now = Date.now();
    this.data.sessions = this.data.sessions.filter((s) => Date.parse(s.expiresAt) > now);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, "w", 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(this.data, null, 1));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }
}
