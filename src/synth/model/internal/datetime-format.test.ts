import { describe, expect, it } from "vitest";
import { detectDatetimeFormat, formatDatetime, parseDatetime } from "./datetime-format.js";

describe("datetime formats", () => {
  it("round-trips every supported format", () => {
    const t = Date.UTC(2021, 0, 31, 13, 5, 9, 42);
    for (const f of ["YYYY-MM-DDTHH:mm:ss.SSSZ", "YYYY-MM-DD HH:mm:ss", "MM/DD/YYYY", "DD.MM.YYYY", "M/D/YYYY H:mm"]) {
      const text = formatDatetime(t, f);
      const back = parseDatetime(text, f);
      expect(formatDatetime(back, f)).toBe(text);
    }
    expect(formatDatetime(t, "YYYY-MM-DDTHH:mm:ss.SSSZ")).toBe("2021-01-31T13:05:09.042Z");
  });

  it("rejects impossible dates instead of rolling them over", () => {
    expect(parseDatetime("2021-02-31", "YYYY-MM-DD")).toBeNaN();
    expect(parseDatetime("2021-13-01", "YYYY-MM-DD")).toBeNaN();
    expect(parseDatetime("hello", "YYYY-MM-DD")).toBeNaN();
  });

  it("tells month-first from day-first by the values", () => {
    expect(detectDatetimeFormat(["01/02/2020", "12/31/2020"])).toBe("MM/DD/YYYY");
    expect(detectDatetimeFormat(["01/02/2020", "31/12/2020"])).toBe("DD/MM/YYYY");
    expect(detectDatetimeFormat(["2012-01-01", "2012-01-02"])).toBe("YYYY-MM-DD");
    expect(detectDatetimeFormat(["2012-01-01", "yesterday"])).toBeUndefined();
  });
});
