/** `[3]` outside code becomes a link to citation 3, rendered as a chip. */
export function linkCitations(text: string, count: number): string {
  if (!count) return text;
  return text
    .split(/(```[\s\S]*?(?:```|$)|`[^`\n]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/\[(\d{1,3})\](?![(:])/g, (m, n: string) => {
            const k = Number(n);
            return k >= 1 && k <= count ? `[${n}](#cite-${n})` : m;
          }),
    )
    .join("");
}
