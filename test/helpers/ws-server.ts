// The server side of a WebSocket (RFC 6455), just enough for the fake API
// server's port-forward: handshake, binary frames both ways, ping, close.
// Written here so the test does not lean on a package the project does not list.
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export interface ServerSocket {
  send(data: Buffer): void;
  close(): void;
  onMessage(fn: (data: Buffer) => void): void;
  onClose(fn: () => void): void;
}

/** Answer the upgrade (101) with the chosen subprotocol and return a framed socket. */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, protocol: string): ServerSocket {
  const accept = createHash("sha1").update(`${req.headers["sec-websocket-key"]}${GUID}`).digest("base64");
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
  );
  const messageFns: ((d: Buffer) => void)[] = [];
  const closeFns: (() => void)[] = [];
  let buf = Buffer.alloc(0);
  let closed = false;
  const frame = (opcode: number, payload: Buffer) => {
    const len = payload.length;
    const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 255]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLen(len)]);
    if (!socket.destroyed) socket.write(Buffer.concat([head, payload]));
  };
  const finish = () => {
    if (closed) return;
    closed = true;
    closeFns.forEach((f) => f());
  };
  socket.on("data", (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (buf.length < 2) return;
      const opcode = buf[0] & 0x0f;
      const masked = (buf[1] & 0x80) !== 0;
      let len = buf[1] & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        off = 10;
      }
      const maskAt = off;
      if (masked) off += 4;
      if (buf.length < off + len) return;
      const payload = Buffer.from(buf.subarray(off, off + len));
      if (masked) for (let i = 0; i < len; i++) payload[i] ^= buf[maskAt + (i % 4)];
      buf = buf.subarray(off + len);
      if (opcode === 0x8) {
        frame(0x8, Buffer.alloc(0));
        socket.end();
        finish();
        return;
      }
      if (opcode === 0x9) frame(0xa, payload);
      else if (opcode === 0x1 || opcode === 0x2 || opcode === 0x0) messageFns.forEach((f) => f(payload));
    }
  });
  socket.on("close", finish);
  socket.on("error", finish);
  return {
    send: (data) => frame(0x2, data),
    close: () => {
      frame(0x8, Buffer.alloc(0));
      socket.end();
      finish();
    },
    onMessage: (fn) => messageFns.push(fn),
    onClose: (fn) => closeFns.push(fn),
  };
}

function bigLen(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
