// The page talks to the server over HTTP only (eslint refuses src/ imports in dashboard/), so the
// answers' shapes are declared twice: by the routes and by dashboard/src/api.ts. These checks are
// compile-time: `npm run typecheck` fails when a route's answer stops fitting what the page reads.
import { describe, expectTypeOf, it } from "vitest";
import type * as Page from "../../dashboard/src/api.js";
import type { OpsSnapshot } from "../../src/http/ops-snapshot.js";
import type { FleetAnswer, FleetDevice } from "../../src/http/routes/devices-route.js";
import type { SeriesAnswer } from "../../src/http/routes/series-route.js";
import type { SensorKind } from "../../src/sensors/index.js";
import type { AlarmJson } from "../../src/telemetry/live/alarm-query.js";

describe("the page's API types fit the server's answers", () => {
  it("GET /v1/ops", () => {
    expectTypeOf<OpsSnapshot>().toExtend<Page.OpsSnapshot>();
  });

  it("GET /v1/series", () => {
    expectTypeOf<SeriesAnswer>().toExtend<Page.SeriesAnswer>();
  });

  it("GET /v1/devices (fetchFleet turns openAlarms {count, kinds} into a count and kinds)", () => {
    expectTypeOf<Omit<FleetDevice, "openAlarms" | "sensors"> & { sensors: SensorKind[] }>().toExtend<Page.FleetDevice>();
    expectTypeOf<FleetDevice["openAlarms"]["count"]>().toExtend<NonNullable<Page.FleetDevice["openAlarms"]>>();
    expectTypeOf<FleetDevice["openAlarms"]["kinds"]>().toExtend<NonNullable<Page.FleetDevice["openAlarmKinds"]>>();
    expectTypeOf<Pick<FleetAnswer, "now" | "cadenceSeconds">>().toExtend<Omit<Page.FleetAnswer, "devices">>();
  });

  it("GET /v1/alarms", () => {
    expectTypeOf<AlarmJson>().toExtend<Page.Alarm>();
  });

  it("sensor kinds are the same three", () => {
    expectTypeOf<SensorKind>().toEqualTypeOf<Page.SensorKind>();
  });
});
