// Live driver logs from Ray's tail WebSocket (`GET /api/jobs/{id}/logs/tail`):
// text frames with log chunks from the start of the log; Ray closes it when the
// job is terminal. Node 20 has no WebSocket client without a flag, and the
// protocol subset needed here (receive text, answer ping, close) is small, so
// it is spoken over node:http's upgrade (RFC 6455).
import { randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";

export interface LogTail {
  close(): void;
}

export interface LogTailHandlers {
  onText(chunk: string): void;
  /** The socket ended: `error` when it failed (could not connect, refused the upgrade, broke). */
  onEnd(error?: Error): void;
}

const OP_CONT = 0x0, OP_TEXT = 0x1, OP_BIN = 0x2, OP_CLOSE = 0x8, OP_PING = 0x9;

export function tailJobLogs(address: string, token: string | null, submissionId: string, h: LogTailHandlers, connectTimeoutMs = 10_000): LogTail {
  const url = new URL(`${address.replace(/\/+$/, "")}/api/jobs/${encodeURIComponent(submissionId)}/logs/tail`);
  const mod = url.protocol === "https:" ? https : http;
  let socket: Duplex | null = null;
  let ended = false;
  const end = (error?: Error) => {
    if (ended) return;
    ended = true;
    socket?.destroy();
    h.onEnd(error);
  };
  const req = mod.request(url, {
    headers: {
      Connection: "Upgrade",
      Upgrade: "websocket",
      "Sec-WebSocket-Version": "13",
      "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    timeout: connectTimeoutMs,
  });
  req.on("timeout", () => req.destroy(new Error(`no answer from ${url.host} in ${connectTimeoutMs / 1000} s`)));
  req.on("error", (e) => end(e));
  req.on("response", (res) => {
    res.resume();
    end(new Error(`Ray refused the log tail: HTTP ${res.statusCode}`));
  });
  req.on("upgrade", (_res, sock, head) => {
    socket = sock;
    sock.setTimeout(0);
    const reader = new FrameReader(
      (op, payload) => {
        if (op === OP_PING) sock.write(frame(0xa, payload));
        else if (op === OP_CLOSE) {
          sock.write(frame(OP_CLOSE, payload.subarray(0, 2)));
          end();
        } else h.onText(payload.toString("utf8"));
      },
      (e) => end(e),
    );
    if (head.length) reader.push(head);
    sock.on("data", (d: Buffer) => reader.push(d));
    sock.on("end", () => end());
    sock.on("close", () => end());
    sock.on("error", (e) => end(e));
  });
  req.end();
  return {
    close() {
      if (ended) return;
      if (socket) socket.write(frame(OP_CLOSE, Buffer.from([0x03, 0xe8]))); // 1000: normal closure
      else req.destroy();
      ended = true;
      socket?.end();
    },
  };
}

/** A masked client frame (clients must mask, RFC 6455 §5.3). Only small control payloads are sent. */
function frame(op: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] ^= mask[i % 4];
  return Buffer.concat([Buffer.from([0x80 | op, 0x80 | body.length]), mask, body]);
}

/** Reassembles frames (and fragmented messages) from socket chunks. */
class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  private message: Buffer[] = [];
  private messageOp = OP_TEXT;

  constructor(
    private readonly onMessage: (op: number, payload: Buffer) => void,
    private readonly onError: (e: Error) => void,
  ) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.buf.length < 2) return;
      const fin = (this.buf[0] & 0x80) !== 0;
      const op = this.buf[0] & 0x0f;
      const masked = (this.buf[1] & 0x80) !== 0;
      let len = this.buf[1] & 0x7f;
      let at = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        const big = this.buf.readBigUInt64BE(2);
        if (big > BigInt(64 * 1024 * 1024)) return this.onError(new Error("log tail frame larger than 64 MiB"));
        len = Number(big);
        at = 10;
      }
      const maskAt = at;
      if (masked) at += 4;
      if (this.buf.length < at + len) return;
      const payload = Buffer.from(this.buf.subarray(at, at + len));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= this.buf[maskAt + (i % 4)];
      this.buf = this.buf.subarray(at + len);
      if (op >= 0x8) {
        this.onMessage(op, payload); // control frames are never fragmented
        continue;
      }
      if (op === OP_TEXT || op === OP_BIN) {
        this.message = [];
        this.messageOp = op;
      } else if (op !== OP_CONT) return this.onError(new Error(`unexpected WebSocket opcode ${op}`));
      this.message.push(payload);
      if (fin) {
        const whole = Buffer.concat(this.message);
        this.message = [];
        this.onMessage(this.messageOp, whole);
      }
    }
  }
}
