export { DEFAULT_LOCALE, LOCALE_CODES, localeData, loremWords, type LocaleCode, type LocaleData, type ZipRecord } from "./locale.js";
export type { WordList } from "./word-list.js";
