/**
 * Fixed-width NACHA fields. A record is a table of fields in order; the same table reads a record
 * and writes it, so a record we accept always writes back to the bytes it came from (a field reads
 * only what its writer would produce, anything else is refused with the field's name).
 */
import { ValidationError } from '../../platform/errors';

export interface Field<T> {
  readonly length: number;
  read(raw: string): T | undefined;
  write(value: T): string | undefined;
}

/** NACHA's character set: printable ASCII (0x20-0x7E). */
const printable = /^[\x20-\x7e]*$/;

/** Left-justified text padded with blanks; trailing blanks are padding. */
export function alpha(length: number): Field<string> {
  return {
    length,
    read: (raw) => (printable.test(raw) ? raw.trimEnd() : undefined),
    write: (value) =>
      value.length <= length && printable.test(value) && value === value.trimEnd() ? value.padEnd(length) : undefined,
  };
}

/** Digits kept as text because leading zeros matter (routing numbers, dates, trace numbers). */
export function digits(length: number): Field<string> {
  const pattern = new RegExp(`^\\d{${length}}$`);
  return {
    length,
    read: (raw) => (pattern.test(raw) ? raw : undefined),
    write: (value) => (pattern.test(value) ? value : undefined),
  };
}

/** A right-justified, zero-filled count. */
export function count(length: number): Field<number> {
  const pattern = new RegExp(`^\\d{${length}}$`);
  return {
    length,
    read: (raw) => (pattern.test(raw) ? Number(raw) : undefined),
    write: (value) => {
      const text = String(value);
      return Number.isSafeInteger(value) && value >= 0 && text.length <= length
        ? text.padStart(length, '0')
        : undefined;
    },
  };
}

/** Money in cents, right-justified and zero-filled; never a float. */
export function amount(length: number): Field<bigint> {
  const pattern = new RegExp(`^\\d{${length}}$`);
  return {
    length,
    read: (raw) => (pattern.test(raw) ? BigInt(raw) : undefined),
    write: (value) => {
      const text = value.toString();
      return value >= 0n && text.length <= length ? text.padStart(length, '0') : undefined;
    },
  };
}

/**
 * The file header's immediate destination and origin: a routing number preceded by a blank
 * ("b TTTTAAAAC"), or ten characters where a bank assigns its own identifier.
 */
export function routingField(): Field<string> {
  return {
    length: 10,
    read: (raw) => (/^( \d{9}|[0-9A-Za-z]{10})$/.test(raw) ? raw.trimStart() : undefined),
    write: (value) => (/^(\d{9}|[0-9A-Za-z]{10})$/.test(value) ? value.padStart(10) : undefined),
  };
}

export type Layout = Readonly<Record<string, Field<string> | Field<number> | Field<bigint>>>;
export type RecordOf<L> = { -readonly [K in keyof L]: L[K] extends Field<infer T> ? T : never };

/** Reads one 94-character record after its type code; `line` is 1-based, for the error. */
export function readRecord<L extends Layout>(layout: L, text: string, line: number): RecordOf<L> {
  const result: Record<string, unknown> = {};
  let position = 1;
  for (const [name, field] of Object.entries(layout) as [string, Field<unknown>][]) {
    const raw = text.slice(position, position + field.length);
    const value = field.read(raw);
    if (value === undefined) throw formatError(line, `field ${name} (position ${position + 1}) is not valid: "${raw}"`);
    result[name] = value;
    position += field.length;
  }
  if (position !== 94) throw new Error(`a NACHA layout covers ${position} characters, not 94`);
  return result as RecordOf<L>;
}

export function writeRecord<L extends Layout>(typeCode: string, layout: L, record: RecordOf<L>): string {
  let text = typeCode;
  for (const [name, field] of Object.entries(layout) as [string, Field<unknown>][]) {
    const written = field.write((record as Record<string, unknown>)[name]);
    if (written === undefined)
      throw new ValidationError(`NACHA field ${name} cannot hold ${String((record as Record<string, unknown>)[name])}`);
    text += written;
  }
  return text;
}

export function formatError(line: number, reason: string): ValidationError {
  return new ValidationError(`The ACH file is not valid: record ${line}: ${reason}`, [
    { field: `record.${line}`, reason },
  ]);
}
