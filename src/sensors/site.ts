// Where a room is: position (for the sun), time zone (for schedules) and outdoor climate.

/** A place with its climate normals; rooms at one site share its weather. */
export interface Site {
  name: string;
  latitude: number;
  longitude: number;
  /** Standard-time offset from UTC, hours. */
  utcOffsetHours: number;
  /** Annual mean outdoor temperature, °C. */
  meanC: number;
  /** Half the difference between the warmest and coldest month, °C. */
  seasonalAmplitudeC: number;
  /** Half the typical day–night difference, °C. */
  dailyAmplitudeC: number;
  /** Typical gap between air temperature and dew point, °C (small in humid climates). */
  dewPointGapC: number;
}

/** Built-in sites (climate normals rounded from public climate tables). */
export const SITES: Readonly<Record<string, Site>> = {
  "new-york": { name: "new-york", latitude: 40.71, longitude: -74.01, utcOffsetHours: -5, meanC: 13.2, seasonalAmplitudeC: 12.3, dailyAmplitudeC: 4.2, dewPointGapC: 8.5 },
  london: { name: "london", latitude: 51.51, longitude: -0.13, utcOffsetHours: 0, meanC: 11.3, seasonalAmplitudeC: 7, dailyAmplitudeC: 3.8, dewPointGapC: 5.5 },
  seattle: { name: "seattle", latitude: 47.61, longitude: -122.33, utcOffsetHours: -8, meanC: 11.5, seasonalAmplitudeC: 7.5, dailyAmplitudeC: 4.5, dewPointGapC: 6 },
  phoenix: { name: "phoenix", latitude: 33.45, longitude: -112.07, utcOffsetHours: -7, meanC: 24, seasonalAmplitudeC: 11, dailyAmplitudeC: 7.5, dewPointGapC: 20 },
  sydney: { name: "sydney", latitude: -33.87, longitude: 151.21, utcOffsetHours: 10, meanC: 18.3, seasonalAmplitudeC: 5, dailyAmplitudeC: 3.8, dewPointGapC: 7 },
  berlin: { name: "berlin", latitude: 52.52, longitude: 13.4, utcOffsetHours: 1, meanC: 10, seasonalAmplitudeC: 9.5, dailyAmplitudeC: 4.5, dewPointGapC: 6.5 },
};

export const DEFAULT_SITE = "new-york";
