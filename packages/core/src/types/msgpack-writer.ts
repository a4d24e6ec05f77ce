import { utf8ToBytes } from "@noble/hashes/utils.js";

/**
 * A minimal msgpack writer whose caller chooses each value's wire type. Struct values must be
 * written exactly as Python's `msgpack.packb(obj, use_bin_type=True)` writes the equivalent dict:
 * a float field is always float64 even when its value is integral (`1.0`), ints take the smallest
 * encoding. General encoders choose by value (`1.0` becomes an int), so struct encoding is
 * type-directed through this writer; reading uses `@msgpack/msgpack`.
 */
export class MsgpackWriter {
  #buffer = new Uint8Array(256);
  #view = new DataView(this.#buffer.buffer);
  #length = 0;

  #reserve(bytes: number): number {
    const at = this.#length;
    if (at + bytes > this.#buffer.length) {
      const next = new Uint8Array(Math.max(this.#buffer.length * 2, at + bytes));
      next.set(this.#buffer.subarray(0, at));
      this.#buffer = next;
      this.#view = new DataView(next.buffer);
    }
    this.#length += bytes;
    return at;
  }

  #byte(value: number): void {
    const at = this.#reserve(1); // may replace the buffer: reserve before reading it
    this.#buffer[at] = value;
  }

  nil(): void {
    this.#byte(0xc0);
  }

  bool(value: boolean): void {
    this.#byte(value ? 0xc3 : 0xc2);
  }

  /** An integer in its smallest encoding (positive fixint, uint8..64, negative fixint, int8..64). */
  int(value: number | bigint): void {
    const big = typeof value === "bigint";
    if (big && (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))) {
      const at = this.#reserve(9);
      this.#buffer[at] = value >= 0n ? 0xcf : 0xd3;
      if (value >= 0n) this.#view.setBigUint64(at + 1, value);
      else this.#view.setBigInt64(at + 1, value);
      return;
    }
    const n = Number(value);
    if (n >= 0) {
      if (n < 0x80) this.#byte(n);
      else if (n < 0x100) this.#typed(0xcc, 1, (at) => this.#view.setUint8(at, n));
      else if (n < 0x10000) this.#typed(0xcd, 2, (at) => this.#view.setUint16(at, n));
      else if (n < 0x100000000) this.#typed(0xce, 4, (at) => this.#view.setUint32(at, n));
      else this.#typed(0xcf, 8, (at) => this.#view.setBigUint64(at, BigInt(n)));
    } else if (n >= -32) this.#byte(n & 0xff);
    else if (n >= -0x80) this.#typed(0xd0, 1, (at) => this.#view.setInt8(at, n));
    else if (n >= -0x8000) this.#typed(0xd1, 2, (at) => this.#view.setInt16(at, n));
    else if (n >= -0x80000000) this.#typed(0xd2, 4, (at) => this.#view.setInt32(at, n));
    else this.#typed(0xd3, 8, (at) => this.#view.setBigInt64(at, BigInt(n)));
  }

  /** A float64, whatever the value (Python floats are always float64). */
  float64(value: number): void {
    this.#typed(0xcb, 8, (at) => this.#view.setFloat64(at, value));
  }

  str(value: string): void {
    const bytes = utf8ToBytes(value);
    const n = bytes.length;
    if (n < 32) this.#byte(0xa0 | n);
    else this.#length32(n, 0xd9, 0xda, 0xdb);
    this.#raw(bytes);
  }

  bin(value: Uint8Array): void {
    this.#length32(value.length, 0xc4, 0xc5, 0xc6);
    this.#raw(value);
  }

  arrayHeader(size: number): void {
    if (size < 16) this.#byte(0x90 | size);
    else this.#length32(size, -1, 0xdc, 0xdd);
  }

  mapHeader(size: number): void {
    if (size < 16) this.#byte(0x80 | size);
    else this.#length32(size, -1, 0xde, 0xdf);
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }

  #typed(marker: number, bytes: number, write: (at: number) => void): void {
    const at = this.#reserve(1 + bytes);
    this.#buffer[at] = marker;
    write(at + 1);
  }

  /** A length with an 8-bit form (`marker8`, or -1 for none), a 16-bit and a 32-bit form. */
  #length32(n: number, marker8: number, marker16: number, marker32: number): void {
    if (marker8 >= 0 && n < 0x100) this.#typed(marker8, 1, (at) => this.#view.setUint8(at, n));
    else if (n < 0x10000) this.#typed(marker16, 2, (at) => this.#view.setUint16(at, n));
    else this.#typed(marker32, 4, (at) => this.#view.setUint32(at, n));
  }

  #raw(bytes: Uint8Array): void {
    const at = this.#reserve(bytes.length);
    this.#buffer.set(bytes, at);
  }
}
