// Counted nouns in messages: "1 epoch", "2 epochs".

/** `count` and the noun, plural unless the count is one. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
