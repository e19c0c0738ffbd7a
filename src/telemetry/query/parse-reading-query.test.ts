import { describe, expect, it } from "vitest";
import { isMimicError } from "../../errors/index.js";
import { parseReadingQuery, parseTime, STREAMED_QUERY_LIMITS } from "./parse-reading-query.js";

const NOW = Date.UTC(2019, 4, 12);

function codeOf(params: Record<string, string>): string {
  try {
    parseReadingQuery(params, NOW);
    return "ok";
  } catch (error) {
    return isMimicError(error) ? error.code : "crash";
  }
}

describe("parseReadingQuery", () => {
  it("streamed answers (mimic query, /v1/export) take any range and limit of readings; buckets keep their bounds", () => {
    const from = "2019-01-01T00:00:00Z";
    const { query } = parseReadingQuery({ from, limit: "5000000" }, NOW, STREAMED_QUERY_LIMITS);
    expect(query.limit).toBe(5_000_000);
    expect(parseReadingQuery({ from }, NOW, STREAMED_QUERY_LIMITS).query.limit).toBe(Number.POSITIVE_INFINITY);
    expect(() => parseReadingQuery({ from }, NOW)).toThrow(/limit is 31 days/);
    expect(() => parseReadingQuery({ from: "2017-01-01T00:00:00Z", bucket: "3600" }, NOW, STREAMED_QUERY_LIMITS)).toThrow(/limit is 366 days/);
    expect(() => parseReadingQuery({ from, bucket: "60", limit: "100001" }, NOW, STREAMED_QUERY_LIMITS)).toThrow(
      /limit must be a whole number from 1 to 100000/,
    );
    expect(() => parseReadingQuery({ from, limit: "0" }, NOW, STREAMED_QUERY_LIMITS)).toThrow(/limit must be a whole number of at least 1/);
  });

  it("accepts ISO 8601 and epoch seconds", () => {
    expect(parseTime("2019-05-09T00:00:00Z")).toBe(Date.UTC(2019, 4, 9) / 1000);
    expect(parseTime("1557360000.5")).toBe(1557360000.5);
    expect(parseTime("yesterday")).toBeUndefined();
    const { query, format } = parseReadingQuery({ device: "rp1", type: "dht22", from: "2019-05-09T00:00:00Z", to: "1557619200", format: "csv" }, NOW);
    expect(query).toEqual({ device: "rp1", kind: "DHT22", from: 1557360000, to: 1557619200, limit: 100_000 });
    expect(format).toBe("csv");
  });

  it("defaults `to` to now", () => {
    expect(parseReadingQuery({ from: "1557360000" }, NOW).query.to).toBe(NOW / 1000);
  });

  it("lists every problem at once", () => {
    try {
      parseReadingQuery({ type: "thermo", to: "soon", format: "xml", bucket: "0" }, NOW);
      expect.unreachable();
    } catch (error) {
      expect(isMimicError(error) && error.issues.map((i) => i.path)).toEqual(["type", "from", "to", "bucket", "format"]);
    }
  });

  it("filters by sensor as by type, and refuses the two naming different kinds", () => {
    expect(parseReadingQuery({ device: "rp829c7e0e", sensor: "Onyehn_PIR", from: "1557360000" }, NOW).query).toMatchObject({
      device: "rp829c7e0e",
      kind: "PIR",
    });
    expect(parseReadingQuery({ sensor: "light", type: "Anmbest_MD46N", from: "1557360000" }, NOW).query.kind).toBe("LIGHT");
    expect(() => parseReadingQuery({ sensor: "PIR", type: "DHT22", from: "1557360000" }, NOW)).toThrow(/sensor and type name different sensor kinds/);
  });

  it("refuses unknown parameters (a typo must not widen the answer to every device) and repeated ones", () => {
    for (const params of [{ devcie: "a" }, { "device[]": "a" }, { token: "x" }]) {
      try {
        parseReadingQuery({ from: "1557360000", ...params }, NOW);
        expect.unreachable();
      } catch (error) {
        expect(isMimicError(error) && error.code).toBe("QUERY_INVALID");
        expect(isMimicError(error) && error.issues.map((i) => [i.code, i.path])).toEqual([["unknown_parameter", Object.keys(params)[0]]]);
      }
    }
    expect(() => parseReadingQuery({ from: "1557360000", device: ["a", "b"] }, NOW)).toThrow(/device is given 2 times/);
  });

  it("names mimic query's --bucket in the range hint, the API's bucket= otherwise", () => {
    const wide = { from: "2019-01-01T00:00:00Z", to: "2019-05-01T00:00:00Z" };
    expect(() => parseReadingQuery(wide, NOW, undefined, "cli")).toThrow(/add --bucket 3600 to downsample/);
    expect(() => parseReadingQuery(wide, NOW)).toThrow(/add bucket=3600 to downsample/);
  });

  it.each([
    [{ from: "1557360000", to: "1557360000" }, "QUERY_INVALID"],
    [{ from: "2019-01-01T00:00:00Z", to: "2019-05-01T00:00:00Z" }, "QUERY_RANGE_TOO_LARGE"],
    [{ from: "2019-01-01T00:00:00Z", to: "2019-05-01T00:00:00Z", bucket: "3600" }, "ok"],
    [{ from: "2018-01-01T00:00:00Z", to: "2019-05-01T00:00:00Z", bucket: "3600" }, "QUERY_RANGE_TOO_LARGE"],
    [{ from: "2019-01-01T00:00:00Z", to: "2019-05-01T00:00:00Z", bucket: "60" }, "QUERY_TOO_MANY_ROWS"],
    [{ from: "1557360000", limit: "0" }, "QUERY_INVALID"],
  ])("%j → %s", (params, code) => {
    expect(codeOf(params)).toBe(code);
  });
});
