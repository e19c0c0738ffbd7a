// Readings for the contract suites, built by hand so expected values can be computed by hand.
import type { Reading } from "../../../sensors/reading.js";

/** A DHT22 reading; the id defaults to one derived from device and timestamp. */
export function dht(device: string, timestamp: number, temperature: number, humidity: number, id = `${device}@${timestamp}`): Reading {
  return { id, device, kind: "DHT22", typeLabel: "DHT22", timestamp, receivedAt: 1_700_000_000_000, data: { temperature, humidity } };
}

/** A PIR reading (the seed's `Onyehn_PIR`). */
export function pir(device: string, timestamp: number, motion: boolean, id = `${device}@pir@${timestamp}`): Reading {
  return { id, device, kind: "PIR", typeLabel: "Onyehn_PIR", timestamp, receivedAt: 1_700_000_000_000, data: { motion } };
}

/** A light reading (the seed's `Anmbest_MD46N`). */
export function light(device: string, timestamp: number, on: boolean, id = `${device}@light@${timestamp}`): Reading {
  return { id, device, kind: "LIGHT", typeLabel: "Anmbest_MD46N", timestamp, receivedAt: 1_700_000_000_000, data: { light: on } };
}
