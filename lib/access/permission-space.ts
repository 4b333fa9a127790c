// The system permissions as bit positions: what the resolver compiles roles into. Pure.

/** The system permissions as bit positions, and which bits each module owns. */
export class PermissionSpace {
  readonly index: ReadonlyMap<string, number>;
  readonly words: number;
  private readonly moduleMasks = new Map<string, Uint32Array>();

  constructor(readonly definitions: readonly { name: string; module?: string }[]) {
    this.index = new Map(definitions.map((definition, position) => [definition.name, position]));
    this.words = Math.max(1, Math.ceil(definitions.length / 32));
    definitions.forEach((definition, position) => {
      if (!definition.module) return;
      const mask = this.moduleMasks.get(definition.module) ?? new Uint32Array(this.words);
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

  bitsOf(names: readonly string[]): Uint32Array {
    const bits = new Uint32Array(this.words);
    for (const name of names) {
      const position = this.index.get(name);
      if (position !== undefined) bits[position >>> 5]! |= 1 << (position & 31);
    }
    return bits;
  }

  moduleMask(module: string): Uint32Array | undefined {
    return this.moduleMasks.get(module);
  }
}
