import type { KindBuilder } from "../env.js";
import { address } from "./address.js";
import { company, phone } from "./business.js";
import { email, username } from "./contact.js";
import { lorem } from "./lorem.js";
import { ip, url, uuid } from "./network.js";
import { creditCard, ibanKind } from "./payment.js";
import { person } from "./person.js";

/** The kinds for people, companies, contact and payment details, network identifiers and text. */
export const PERSONAL_KINDS = {
  person,
  email,
  username,
  phone,
  company,
  address,
  credit_card: creditCard,
  iban: ibanKind,
  ip,
  uuid,
  url,
  lorem,
} satisfies Record<string, KindBuilder>;
