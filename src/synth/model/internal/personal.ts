// Personal data is never learnt: a column of emails, phone numbers or person names is recognised
// and replaced by a generator whose output has the same shape but belongs to nobody.
import type { Random } from "../../../random/index.js";
import type { PersonalKind } from "../model-types.js";

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/;
const PHONE_RE = /^\+?[\d\s().-]{7,22}$/;
const PERSON_RE = /^[A-Z][a-zà-ÿ'’-]+(?: [A-Z][a-zà-ÿ'’.-]*){1,3}$/;
const NAME_HINT = /(^|[_\s-])(first|last|full|given|family|sur)?[_\s-]?name$|^name$|customer|person|employee|author|contact/i;
// One capitalised word (O'Neil, Smith-Jones): a first or a last name on its own.
const ONE_NAME_RE = /^[A-Z][a-zà-ÿ'’-]+$/;
const FIRST_HINT = /(^|[_\s-])(first|given|fore)[_\s-]?name$|^firstname$/i;
const LAST_HINT = /(^|[_\s-])(last|family|sur)[_\s-]?name$|^(lastname|surname)$/i;
const PHONE_HINT = /phone|mobile|cell|tel(ephone)?$|fax/i;

function share(values: readonly string[], test: (v: string) => boolean): number {
  if (values.length === 0) return 0;
  let hits = 0;
  for (const v of values) if (test(v)) hits++;
  return hits / values.length;
}

/** Which kind of personal data a column holds, judged from its name and distinct values. */
export function detectPersonal(name: string, distinct: readonly string[]): PersonalKind | undefined {
  const sample = distinct.slice(0, 2000);
  if (share(sample, (v) => EMAIL_RE.test(v)) >= 0.9) return "email";
  const phoneLike = (v: string): boolean => PHONE_RE.test(v) && (v.match(/\d/g)?.length ?? 0) >= 7;
  if (share(sample, phoneLike) >= 0.9 && (PHONE_HINT.test(name) || share(sample, (v) => /[\s().-]/.test(v)) >= 0.9)) return "phone";
  if (NAME_HINT.test(name) && share(sample, (v) => PERSON_RE.test(v)) >= 0.8) return "name";
  // first_name / last_name columns hold one word each: real given names and surnames are kept out too.
  if (FIRST_HINT.test(name) && share(sample, (v) => ONE_NAME_RE.test(v)) >= 0.8) return "first_name";
  if (LAST_HINT.test(name) && share(sample, (v) => ONE_NAME_RE.test(v)) >= 0.8) return "last_name";
  return undefined;
}

/** The most common phone layout among `values`, digits replaced by `#`. */
export function phoneMask(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values.slice(0, 5000)) {
    const mask = v.replace(/\d/g, "#");
    counts.set(mask, (counts.get(mask) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? "###-###-####";
}

// Common given names and surnames (public-domain census lists); combined at random they name nobody
// in particular, and the pool is large enough that repeats are rare in small tables.
const FIRST = "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca Jason Sharon Edward Laura Jeffrey Cynthia Ryan Amy Jacob Kathleen Gary Angela Nicholas Shirley Eric Brenda Jonathan Emma Stephen Anna Larry Pamela Justin Nicole Scott Samantha Brandon Katherine Benjamin Christine Samuel Helen Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet Raymond Maria Jack Catherine Dennis Heather Jerry Diane Tyler Olivia Aaron Julie Jose Joyce Adam Victoria Nathan Ruth Henry Virginia Zachary Lauren Douglas Kelly Peter Christina Kyle Joan Noah Evelyn Ethan Judith Jeremy Andrea Walter Hannah Christian Megan Keith Cheryl Roger Jacqueline Terry Martha Austin Madison Sean Teresa Gerald Gloria Carl Sara Harold Janice Dylan Ann Arthur Kathryn Lawrence Abigail Jordan Sophia Jesse Frances Bryan Jean Billy Alice Bruce Judy Gabriel Isabella Joe Julia Logan Grace Alan Amber Juan Denise Albert Danielle Willie Marilyn Elijah Beverly Wayne Charlotte Randy Natalie Vincent Theresa Mason Diana Roy Brittany Ralph Doris Bobby Kayla Russell Alexis Bradley Lori Philip Marie".split(" ");
const LAST = "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval".split(" ");

const pick = <T>(rng: Random, list: readonly T[]): T => list[rng.int(0, list.length - 1)]!;

/** A made-up person name, e.g. `Maria Castillo`. */
export function fakeName(rng: Random): string {
  return `${pick(rng, FIRST)} ${pick(rng, LAST)}`;
}

/** A common given name from the census list, e.g. `Maria`. */
export function fakeFirstName(rng: Random): string {
  return pick(rng, FIRST);
}

/** A common surname from the census list, e.g. `Castillo`. */
export function fakeLastName(rng: Random): string {
  return pick(rng, LAST);
}

/** A made-up email on the reserved example.com domain, e.g. `maria.castillo42@example.com`. */
export function fakeEmail(rng: Random): string {
  return `${pick(rng, FIRST).toLowerCase()}.${pick(rng, LAST).toLowerCase()}${rng.int(1, 999)}@example.com`;
}

/** A phone number in `mask`'s layout with random digits (first digit never 0 or 1). */
export function fakePhone(rng: Random, mask: string): string {
  let out = "";
  let first = true;
  for (const ch of mask) {
    if (ch === "#") {
      out += String(first ? rng.int(2, 9) : rng.int(0, 9));
      first = false;
    } else out += ch;
  }
  return out;
}
