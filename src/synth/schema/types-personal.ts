// The schema language's kinds for people, companies, contact details, payment details, network
// identifiers and text (see docs/schema.md, "People, companies and text"). Split from types.ts,
// which holds the rest of the language.
import type { ColumnBase } from "./types.js";

/** A locale of the name, place and company lists: on a column, a table or the whole schema. */
export type Locale = "en-US" | "de-DE" | "fr-FR";

/** A range written as one number or `[min, max]` (both inclusive). */
export type CountRange = number | readonly [number, number];

/**
 * A person's name from the locale's lists. Columns with the same `person` (default `person`)
 * describe the same person of the row: a `first` and a `last` column and the row's `email` agree.
 */
export interface PersonColumn extends ColumnBase {
  kind: "person";
  /** `full` (default: first and last name), `first` or `last`. */
  part?: "full" | "first" | "last";
  /** A column of this table whose text says the gender (Male/Female, M/F, …): first names match it. */
  gender?: string;
  /** Which person of the row (a customer and their agent are two); default `person`. */
  person?: string;
  locale?: Locale;
}

/** An e-mail address made from the row's person's name and a domain. */
export interface EmailColumn extends ColumnBase {
  kind: "email";
  person?: string;
  /** Domains: a list, or a map domain → weight; default the locale's free e-mail providers. */
  domains?: readonly string[] | Readonly<Record<string, number>>;
  /** Unique by construction (a number from a keyed permutation of the row index is appended). */
  unique?: boolean;
  /** Digits of that number when unique (default 6: a million addresses; at most 15). */
  digits?: number;
  locale?: Locale;
}

/** A login name made from the row's person's name. */
export interface UsernameColumn extends ColumnBase {
  kind: "username";
  person?: string;
  locale?: Locale;
}

/** A phone number of the locale's country in a valid numbering-plan format. */
export interface PhoneColumn extends ColumnBase {
  kind: "phone";
  /** `national` (default, e.g. `(212) 555-0147`, `030 12345678`), `international` (`+49 30 12345678`) or `e164` (`+493012345678`). */
  format?: "national" | "international" | "e164";
  locale?: Locale;
}

/** A company name from the locale's family names and legal forms (`Müller GmbH`). */
export interface CompanyColumn extends ColumnBase {
  kind: "company";
  locale?: Locale;
}

/** A postal address of the locale; columns with the same `place` (default `address`) agree. */
export interface AddressColumn extends ColumnBase {
  kind: "address";
  /** `full` (default, one line), `street` (number and street), `city`, `postcode`, `state` (en-US only). */
  part?: "full" | "street" | "city" | "postcode" | "state";
  place?: string;
  locale?: Locale;
}

/** A card number that passes the Luhn check, in a range issuers publish for testing. */
export interface CreditCardColumn extends ColumnBase {
  kind: "credit_card";
  /** `any` (default: a mix), `visa`, `mastercard`, `amex` or `discover`. */
  issuer?: "any" | "visa" | "mastercard" | "amex" | "discover";
  /** `digits` (default) or `spaced` in the issuer's groups (`4111 1111 1111 1111`). */
  format?: "digits" | "spaced";
}

/** An IBAN with valid check digits (ISO 13616, mod 97) and the country's account layout. */
export interface IbanColumn extends ColumnBase {
  kind: "iban";
  /** DE, FR, GB, ES, IT, NL, AT, BE or CH; default by locale (en-US: GB). */
  country?: string;
  /** `electronic` (default, no spaces) or `print` (groups of four). */
  format?: "electronic" | "print";
  locale?: Locale;
}

/** An IP address: version 4 (default) or 6, public or private. */
export interface IpColumn extends ColumnBase {
  kind: "ip";
  version?: 4 | 6;
  /** Private ranges only (10/8, 172.16/12, 192.168/16; fd00::/8). Default false: public unicast. */
  private?: boolean;
}

/** A random version-4 UUID (for ids that are unique by construction, use `unique` with `format: uuid`). */
export interface UuidColumn extends ColumnBase {
  kind: "uuid";
}

/** A web address: `https://www.` + a name (a column such as the company, or made-up words) + the locale's top-level domain. */
export interface UrlColumn extends ColumnBase {
  kind: "url";
  /** A text column of this table to name the site after (e.g. `company`). */
  name?: string;
  /** Add a path of one or two words. */
  path?: boolean;
  locale?: Locale;
}

/** Lorem ipsum text: `sentences` sentences of `words` words each. */
export interface LoremColumn extends ColumnBase {
  kind: "lorem";
  /** Words per sentence (default [4, 10]). */
  words?: CountRange;
  /** Sentences (default 1). */
  sentences?: CountRange;
}

export type PersonalColumn =
  | PersonColumn
  | EmailColumn
  | UsernameColumn
  | PhoneColumn
  | CompanyColumn
  | AddressColumn
  | CreditCardColumn
  | IbanColumn
  | IpColumn
  | UuidColumn
  | UrlColumn
  | LoremColumn;
