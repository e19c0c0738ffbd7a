// Live fault detection in the server: detectors on committed readings, device health, alarms.
export { LATE_AFTER_CADENCES, SILENT_AFTER_CADENCES, liveness, type DeviceLiveness, type SensorHealth } from "./health.js";
export { LIVE_DEFAULTS, LiveDetection, type LiveDetectionOptions } from "./live-detection.js";
export { ALARM_QUERY_PARAMETERS, alarmToJson, parseAlarmQuery, type AlarmJson } from "./alarm-query.js";
export { ALARM_QUERY_LIMIT, alarmId, type Alarm, type AlarmQuery, type AlarmState } from "../domain/alarm.js";
