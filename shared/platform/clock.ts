import { randomUUID } from 'node:crypto';

/** Time and ids are outside effects: tests pick a fixed clock or predictable ids. */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  newId(): string;
}

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdGenerator = { newId: () => randomUUID() };
