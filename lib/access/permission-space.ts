// The system permissions as bit positions, and an account's custom privileges as the bits after them:
// what the resolver compiles roles into. Pure.

/**
 * A bit mask: 32 bits to a word, each word an int32. A plain array of small integers rather than a
 * typed array: a small typed array takes ~240 B of heap (its object and its buffer's), this ~50 B plus 8 B a
 * word. What roles keep as their own grants; the compiled words a check reads are typed arrays (a role's
 * own, or the account's store of member slots).
 */
export type Mask = number[];

/** Words of masks to read: a mask of its own, or a shared store of many (an access says where its words start). */
export type MaskWords = Mask | Int32Array;

let zeros: Mask = [];

export function emptyMask(words: number): Mask {
  // Copying a kept array of zeros is the cheapest way to a new one (fill() is a builtin call per mask).
  if (zeros.length !== words) {
    zeros = [];
    for (let word = 0; word < words; word += 1) zeros.push(0);
  }
  return zeros.slice();
}

/** The mask, `words` words long: longer ones are cut, shorter ones filled with zeros. */
export function resizedMask(mask: Mask, words: number): Mask {
  const resized = emptyMask(words);
  for (let word = 0; word < Math.min(words, mask.length); word += 1) resized[word] = mask[word]!;
  return resized;
}

/** The system permissions as bit positions, and which bits each module owns. */
export class PermissionSpace {
  readonly index: ReadonlyMap<string, number>;
  readonly words: number;
  private readonly moduleMasks = new Map<string, Mask>();

  constructor(readonly definitions: readonly { name: string; module?: string }[]) {
    this.index = new Map(definitions.map((definition, position) => [definition.name, position]));
    this.words = Math.max(1, Math.ceil(definitions.length / 32));
    definitions.forEach((definition, position) => {
      if (!definition.module) return;
      const mask = this.moduleMasks.get(definition.module) ?? emptyMask(this.words);
      mask[position >>> 5]! |= 1 << (position & 31);
      this.moduleMasks.set(definition.module, mask);
    });
  }

  get names(): string[] {
    return this.definitions.map((definition) => definition.name);
  }

  isSystem(name: string): boolean {
    return this.index.has(name);
  }

  bitsOf(names: readonly string[]): Mask {
    const bits = emptyMask(this.words);
    for (const name of names) {
      const position = this.index.get(name);
      if (position !== undefined) bits[position >>> 5]! |= 1 << (position & 31);
    }
    return bits;
  }

  moduleMask(module: string): Mask | undefined {
    return this.moduleMasks.get(module);
  }
}

/**
 * One role graph's custom privileges as bit positions, numbered in the order they are first met and
 * placed after the system permissions' words, so a role's permissions and privileges are one mask. Names
 * are made up per account, so each graph interns its own. A system name is never interned: as a
 * privilege it grants nothing (the system permission wins).
 */
export class PrivilegeBits {
  /** Privilege name → bit position (from `space.words * 32` on). */
  readonly positions = new Map<string, number>();
  /** The interned names, by position minus `first`. */
  readonly names: string[] = [];
  readonly first: number;

  constructor(readonly space: PermissionSpace) {
    this.first = space.words * 32;
  }

  /** The privilege's bit position, interning it on first sight; undefined for a system name (it grants nothing). */
  positionOf(name: string): number | undefined {
    const position = this.positions.get(name);
    if (position !== undefined) return position;
    if (this.space.index.has(name)) return undefined;
    const next = this.first + this.names.length;
    this.positions.set(name, next);
    this.names.push(name);
    return next;
  }

  /** Words a mask needs to hold the system permissions and `privileges` interned privileges. */
  wordsFor(privileges: number): number {
    return this.space.words + Math.ceil(privileges / 32);
  }
}
