// A graphql-transport-ws subscriber for the load generator that costs as little as possible per
// message: a plain TCP socket whose reads land in one shared, reused buffer (net `onread`), the
// WebSocket handshake by hand, frames cut straight out of that buffer (no per-message Buffer,
// string, stream event or JSON.parse); the one number a measurement needs, the
// reading's `"value":`, is found with a native byte search bounded to the frame. Pings are answered;
// client frames are masked as RFC 6455 asks.
const crypto = require('node:crypto');

const VALUE_KEY = Buffer.from('"value":');
const ACK = Buffer.from('{"type":"connection_ack"');

/** A masked client frame (text, or another opcode). */
function clientFrame(payload, opcode = 0x1) {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const len = data.length;
  const head = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + 4 + len);
  out[0] = 0x80 | opcode;
  if (len < 126) out[1] = 0x80 | len;
  else if (len < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(len), 2);
  }
  const mask = crypto.randomBytes(4);
  mask.copy(out, head);
  for (let i = 0; i < len; i++) out[head + 4 + i] = data[i] ^ mask[i & 3];
  return out;
}

/** The digits after the first `"value":` in buf[start, end), or -1. */
function valueIn(buf, start, end) {
  const i = buf.indexOf(VALUE_KEY, start);
  if (i < 0 || i >= end) return -1;
  let v = 0;
  let k = i + VALUE_KEY.length;
  for (; k < end; k++) {
    const c = buf[k];
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  return k === i + VALUE_KEY.length ? -1 : v;
}

/** One read buffer for every socket: `onread` fills it and calls back synchronously, so it is reused. */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Connects, acknowledges, subscribes with `query` (and `variables`), and calls onValue(value) per `next` frame.
 * Resolves with a handle when subscribed, or null when the connection fails.
 */
function leanSubscribe(url, id, query, onValue, variables) {
  return new Promise((resolve) => {
    const u = new URL(url);
    let upgraded = false;
    let ready = false;
    /** Bytes of an incomplete frame (or response header) copied out of the shared buffer. */
    let pending = null;
    const handle = { terminate: () => socket.destroy() };
    const onFrame = (opcode, buf, start, end) => {
      if (opcode === 0x1) {
        if (ready) {
          const v = valueIn(buf, start, end);
          if (v >= 0) onValue(v);
        } else if (end - start >= ACK.length && buf.compare(ACK, 0, ACK.length, start, start + ACK.length) === 0) {
          ready = true;
          socket.write(clientFrame(JSON.stringify({ type: 'subscribe', id, payload: variables ? { query, variables } : { query } })));
          resolve(handle);
        }
      } else if (opcode === 0x9) socket.write(clientFrame(Buffer.from(buf.subarray(start, end)), 0xa));
      else if (opcode === 0x8) socket.end();
    };
    const frames = (buf, off) => {
      while (off + 2 <= buf.length) {
        const opcode = buf[off] & 0x0f;
        let len = buf[off + 1] & 0x7f;
        let hdr = 2;
        if (len === 126) {
          if (off + 4 > buf.length) break;
          len = buf.readUInt16BE(off + 2);
          hdr = 4;
        } else if (len === 127) {
          if (off + 10 > buf.length) break;
          len = Number(buf.readBigUInt64BE(off + 2));
          hdr = 10;
        }
        if (off + hdr + len > buf.length) break;
        onFrame(opcode, buf, off + hdr, off + hdr + len);
        off += hdr + len;
      }
      return off;
    };
    const socket = require('node:net').connect({
      host: u.hostname, port: Number(u.port), noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (nread, shared) => {
          // Only a frame (or header) cut by the end of a read is copied; everything else is read in place.
          let buf = shared.subarray(0, nread);
          if (pending) buf = Buffer.concat([pending, buf]);
          pending = null;
          let off = 0;
          if (!upgraded) {
            const end = buf.indexOf(HEADER_END);
            if (end < 0) {
              pending = Buffer.from(buf);
              return;
            }
            if (!buf.subarray(0, 12).toString().startsWith('HTTP/1.1 101')) {
              socket.destroy();
              return resolve(null);
            }
            upgraded = true;
            off = end + HEADER_END.length;
            socket.write(clientFrame('{"type":"connection_init","payload":{}}'));
          }
          off = frames(buf, off);
          if (off < buf.length) pending = Buffer.from(buf.subarray(off));
        },
      },
    });
    socket.on('connect', () => {
      socket.write(
        `GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n` +
          'Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
      );
    });
    socket.on('error', () => resolve(null));
    socket.on('close', () => resolve(null));
  });
}

module.exports = { leanSubscribe, valueIn, clientFrame };
