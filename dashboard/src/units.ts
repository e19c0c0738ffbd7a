// Temperatures are stored in °C; the page may show °F.
export type TempUnit = "C" | "F";

export function toUnit(celsius: number | null, unit: TempUnit): number | null {
  if (celsius === null) return null;
  return unit === "C" ? celsius : (celsius * 9) / 5 + 32;
}

const KEY = "mimic.tempUnit";

export function savedUnit(): TempUnit {
  return localStorage.getItem(KEY) === "F" ? "F" : "C";
}

export function saveUnit(unit: TempUnit): void {
  localStorage.setItem(KEY, unit);
}
