import type { ColumnSpec } from "../../batch.js";
import { civilFromDays, MS_PER_DAY } from "./dates.js";

const ymd = new Int32Array(3);
const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const p4 = (n: number): string => (n >= 0 && n < 10000 ? String(n).padStart(4, "0") : String(n));

/** Date formats a `date` column accepts (also written to ColumnSpec.format for the writers). */
export const DATE_FORMATS = ["YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "iso"] as const;
export const TIME_FORMATS = ["HH:mm:ss", "HH:mm"] as const;
export const DATETIME_FORMATS = ["iso", "YYYY-MM-DD HH:mm:ss"] as const;

/** A day number as text in one of DATE_FORMATS. */
export function formatDate(days: number, format = "YYYY-MM-DD"): string {
  civilFromDays(days, ymd);
  const [y, m, d] = [ymd[0]!, ymd[1]!, ymd[2]!];
  if (format === "MM/DD/YYYY") return `${p2(m)}/${p2(d)}/${p4(y)}`;
  if (format === "DD/MM/YYYY") return `${p2(d)}/${p2(m)}/${p4(y)}`;
  return `${p4(y)}-${p2(m)}-${p2(d)}`;
}

/** Seconds since midnight as text in one of TIME_FORMATS. */
export function formatTime(seconds: number, format = "HH:mm:ss"): string {
  const s = Math.floor(seconds);
  const hm = `${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}`;
  return format === "HH:mm" ? hm : `${hm}:${p2(s % 60)}`;
}

/** Epoch milliseconds as text in one of DATETIME_FORMATS. */
export function formatDateTime(ms: number, format = "iso"): string {
  const days = Math.floor(ms / MS_PER_DAY);
  const rest = ms - days * MS_PER_DAY;
  const date = formatDate(days);
  const time = formatTime(rest / 1000);
  if (format === "YYYY-MM-DD HH:mm:ss") return `${date} ${time}`;
  return `${date}T${time}.${String(Math.floor(rest % 1000)).padStart(3, "0")}Z`;
}

/** The text of one stored value of a column (as templates and `str()` show it). */
export function formatStored(spec: ColumnSpec, stored: number): string {
  switch (spec.type) {
    case "decimal": {
      const scale = spec.scale ?? 2;
      return (stored / 10 ** scale).toFixed(scale);
    }
    case "float":
      return spec.scale === undefined ? String(stored) : stored.toFixed(spec.scale);
    case "date":
      return formatDate(stored, spec.format);
    case "time":
      return formatTime(stored, spec.format);
    case "datetime":
      return formatDateTime(stored, spec.format);
    case "bool":
      return stored === 1 ? "true" : "false";
    default:
      return String(stored);
  }
}
