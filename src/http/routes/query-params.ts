// Small helpers shared by the dashboard's read endpoints: one value per parameter, unknown names refused.
import { MimicError, type Issue } from "../../errors/index.js";

/**
 * The query's parameters as single strings. Refuses (QUERY_INVALID, every problem at once) a name
 * not in `known` — a mistyped filter must not widen an answer — and a parameter given twice.
 */
export function singleParams(route: string, raw: unknown, known: readonly string[]): Record<string, string | undefined> {
  const issues: Issue[] = [];
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (!known.includes(name)) issues.push({ code: "unknown_parameter", path: name, message: `${route} knows ${known.join(", ")}.` });
    else if (typeof value !== "string") issues.push({ code: "repeated_parameter", path: name, message: "Give it once." });
    else out[name] = value;
  }
  if (issues.length > 0) throw new MimicError("QUERY_INVALID", `${route} was given parameters it cannot use; see docs/dashboard.md.`, { issues });
  return out;
}

/** Longest device id the read endpoints accept (ids are hostnames in the seed). */
export const MAX_DEVICE_ID_LENGTH = 256;

/** Problems with a `device` parameter, if any. */
export function deviceIssues(device: string | undefined, required: boolean): Issue[] {
  if (device === undefined) return required ? [{ code: "required", path: "device", message: "Name the device: ?device=<id>." }] : [];
  if (device.length === 0 || device.length > MAX_DEVICE_ID_LENGTH)
    return [{ code: "invalid_device", path: "device", message: `A device id is 1 to ${MAX_DEVICE_ID_LENGTH} characters.` }];
  return [];
}
