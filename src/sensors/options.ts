// Text forms of the simulator's options, shared by `mimic simulate` and `mimic generate iot`:
// a sensor mix (`dht22=2,pir=1,light=1`), fault rates (`2` = twice the defaults, or
// `spike=1,stuck=0`), sites by name or `lat,lon[,utcOffset]`, and dates.
import { MimicError } from "../errors/index.js";
import type { SensorKind } from "./reading.js";
import { DEFAULT_FAULT_RATES, FAULT_KINDS, type FaultKind } from "./faults.js";
import { SITES, type Site } from "./site.js";

const KIND_NAMES: Readonly<Record<string, SensorKind>> = { dht22: "DHT22", dht: "DHT22", pir: "PIR", light: "LIGHT", dli: "LIGHT" };

function bad(flag: string, message: string): never {
  throw new MimicError("SIM_BAD_OPTION", `${flag} ${message}`);
}

/** `dht22=2,pir=1,light=1` (or `dht22`, `dht22,pir`) → shares by sensor kind. */
export function parseMix(flag: string, text: string): Partial<Record<SensorKind, number>> {
  const mix: Partial<Record<SensorKind, number>> = {};
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [name, share] = part.split("=", 2).map((s) => s.trim());
    const kind = KIND_NAMES[name!.toLowerCase()];
    if (!kind) bad(flag, `names sensor kinds dht22, pir and light, got "${name}"; for example ${flag} dht22=2,pir=1,light=1.`);
    const value = share === undefined ? 1 : Number(share);
    if (!Number.isFinite(value) || value < 0) bad(flag, `needs a share ≥ 0 after "${name}=", got "${share}".`);
    mix[kind] = value;
  }
  if (!Object.values(mix).some((v) => v > 0)) bad(flag, `needs at least one sensor kind with a share above 0, e.g. ${flag} dht22=2,pir=1,light=1.`);
  return mix;
}

/** `1` (defaults), `0` (none), `3` (three times the defaults) or `spike=1,stuck=0.5` (per device-day; others keep defaults). */
export function parseFaultRates(flag: string, text: string): Record<FaultKind, number> {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const k = Number(t);
    if (k > 1000) bad(flag, `multiplier must be at most 1000, got ${t}.`);
    return Object.fromEntries(FAULT_KINDS.map((kind) => [kind, DEFAULT_FAULT_RATES[kind] * k])) as Record<FaultKind, number>;
  }
  const rates = { ...DEFAULT_FAULT_RATES };
  for (const part of t.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split("=", 2).map((s) => s.trim());
    if (!FAULT_KINDS.includes(name as FaultKind)) bad(flag, `names fault kinds ${FAULT_KINDS.join(", ")}, got "${name}".`);
    const v = Number(value);
    if (value === undefined || !Number.isFinite(v) || v < 0 || v > 1000) bad(flag, `needs a rate per device-day from 0 to 1000 after "${name}=", got "${value}".`);
    rates[name as FaultKind] = v;
  }
  return rates;
}

/** Site names (`new-york,london`) or a custom place `lat,lon[,utcOffsetHours]` (climate of new-york). */
export function parseSites(flag: string, text: string): Site[] {
  const custom = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*(?:,\s*(-?\d+(?:\.\d+)?)\s*)?$/.exec(text);
  if (custom) {
    const [lat, lon] = [Number(custom[1]), Number(custom[2])];
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) bad(flag, `latitude must be within ±90 and longitude within ±180, got ${lat},${lon}.`);
    const offset = custom[3] === undefined ? Math.round(lon / 15) : Number(custom[3]);
    // Climate normals of a custom place: a crude latitude rule, flagged in docs/simulator.md.
    const meanC = 28 - 0.35 * Math.abs(lat);
    return [{ name: `${lat},${lon}`, latitude: lat, longitude: lon, utcOffsetHours: offset, meanC, seasonalAmplitudeC: Math.min(15, 0.22 * Math.abs(lat)), dailyAmplitudeC: 4.5, dewPointGapC: 7 }];
  }
  return text.split(",").map((name) => {
    const site = SITES[name.trim().toLowerCase()];
    if (!site) bad(flag, `must be one of ${Object.keys(SITES).join(", ")} (comma-separated), or lat,lon[,utcOffset]; got "${name.trim()}".`);
    return site;
  });
}

/** A date or date-time (`2019-05-08`, `2019-05-08T09:00:00Z`) → epoch ms; bare dates are UTC midnight. */
export function parseStart(flag: string, text: string): number {
  const t = text.trim();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(t) ? Date.parse(`${t}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(t) ? Date.parse(t) : Number.NaN;
  if (Number.isNaN(ms)) bad(flag, `must be a date such as 2019-05-08 or 2019-05-08T09:00:00Z, got "${text}".`);
  return ms;
}
