import { franc } from "franc";

/** ISO 639-3 (what franc returns) → ISO 639-1 for the languages a post stream realistically carries. */
const ISO3_TO_1: Record<string, string> = {
  eng: "en", spa: "es", fra: "fr", deu: "de", jpn: "ja", por: "pt", ita: "it", nld: "nl", rus: "ru", ukr: "uk",
  pol: "pl", tur: "tr", arb: "ar", ara: "ar", cmn: "zh", zho: "zh", kor: "ko", hin: "hi", ben: "bn", ind: "id",
  zlm: "ms", vie: "vi", tha: "th", swe: "sv", nob: "no", nno: "nn", dan: "da", fin: "fi", ces: "cs", slk: "sk",
  hun: "hu", ron: "ro", bul: "bg", ell: "el", heb: "he", pes: "fa", fas: "fa", urd: "ur", tgl: "tl", cat: "ca",
  glg: "gl", eus: "eu", hrv: "hr", srp: "sr", slv: "sl", lit: "lt", lav: "lv", est: "et", tam: "ta", tel: "te",
  mar: "mr", swh: "sw", afr: "af",
};

/** Below this many letters franc guesses; a wrong language is worse than "und" for per-language trends. */
const MIN_LETTERS = 20;

/**
 * Detects a post's language offline. URLs, mentions and hashtags are removed first because they are
 * language-neutral noise. Returns a 2-letter code, or "und" when the text is too short or the guess is not one we map.
 */
export function detectLanguage(text: string): string {
  const cleaned = text
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/[@#][\p{L}\p{N}_.-]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const letters = cleaned.match(/\p{L}/gu)?.length ?? 0;
  // CJK scripts carry far more information per character than alphabetic ones.
  const cjk = cleaned.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  if (letters < MIN_LETTERS && cjk < 5) return "und";
  const code = franc(cleaned, { minLength: cjk >= 5 ? 3 : MIN_LETTERS });
  return ISO3_TO_1[code] ?? "und";
}

/** Normalises a declared language tag ("en-US", "pt_BR", "EN") to its primary subtag; "und" when missing or unusable. */
export function normaliseLanguageTag(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (!primary || !/^[a-z]{2,3}$/.test(primary) || primary === "und" || primary === "zxx" || primary === "qme" || primary === "qht") return undefined;
  return primary;
}

/** The post's own language when it declares one, else detected. */
export function postLanguage(declared: string | null | undefined, text: string): string {
  return normaliseLanguageTag(declared) ?? detectLanguage(text);
}
